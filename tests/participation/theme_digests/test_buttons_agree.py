"""A hidden button and a forged request never disagree (issue 10 §5): the digests tab shows exactly for who may
compose one (theme_digests/policies.py), and a digest sent by hand by anyone else is refused and sends nothing."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from participation import factories
from participation.models import Digest

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_digest_the_tab_and_a_forged_digest_agree(open_theme, make_member, make_moderator):
    moderator = make_moderator(open_theme, "moderator@example.org")
    member = make_member(open_theme, "lid@example.org")
    post = factories.post(author=member, page=open_theme, title="Interessant")
    target = reverse("participation:digest_compose", args=[open_theme.pk])
    data = {"token": str(uuid.uuid4()), "subject": "Deze week", "introduction": "", "posts": [post.pk], "send": "1"}
    client = login(member)
    assert target not in client.get(f"{open_theme.url}?tab=overzichten").content.decode()
    assert client.post(target, data).status_code == 403
    assert not Digest.objects.exists()
    client = login(moderator)
    assert target in client.get(f"{open_theme.url}?tab=overzichten").content.decode()
    assert client.post(target, data).status_code == 302
    assert Digest.objects.filter(sender=moderator).exists()
