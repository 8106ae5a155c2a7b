"""A hidden button and a forged request never disagree (issue 10 §5): the push mail tab shows exactly for who may
send one (pushmail/policies.py), and a push mail sent by hand by anyone else is refused and sends nothing."""

import uuid

import pytest
from django.test import Client
from django.urls import reverse

from participation.models import PushMail

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_push_mail_the_tab_and_a_forged_push_mail_agree(open_theme, make_member, make_moderator):
    moderator = make_moderator(open_theme, "moderator@example.org")
    member = make_member(open_theme, "lid@example.org")
    make_member(open_theme, "ander@example.org")
    target = reverse("participation:push_mail_compose", args=[open_theme.pk])
    data = {"token": str(uuid.uuid4()), "subject": "Hallo", "body": "Tekst", "selection": "all", "send": "1"}
    client = login(member)
    assert target not in client.get(f"{open_theme.url}?tab=pushmail").content.decode()
    assert client.post(target, data).status_code == 403
    assert not PushMail.objects.exists()
    client = login(moderator)
    assert target in client.get(f"{open_theme.url}?tab=pushmail").content.decode()
    assert client.post(target, data).status_code == 302
    assert PushMail.objects.filter(sender=moderator).exists()
