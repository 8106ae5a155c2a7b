"""A hidden button and a forged request never disagree (issue 10 §5): the join form shows exactly where joining is
allowed (groups/policies.py), and a join sent by hand elsewhere is refused and writes nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from participation.access import MembershipStatus
from participation.groups.services import membership_leave
from participation.models import Membership
from participation.moderation.services import member_block

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_join_the_join_form_and_a_forged_join_agree(open_theme, make_member, make_moderator, user_factory):
    moderator = make_moderator(open_theme, "moderator@example.org")
    blocked = make_member(open_theme, "geblokkeerd@example.org")
    member_block(theme=open_theme, user=blocked, by=moderator, reason="Spam")
    membership_leave(membership=blocked.memberships.get())
    target = reverse("participation:join", args=[open_theme.pk])
    client = login(blocked)
    assert target not in client.get(open_theme.url).content.decode()
    assert client.post(target).status_code == 403
    assert blocked.memberships.get().status == MembershipStatus.LEFT
    newcomer = user_factory("nieuw@example.org")
    client = login(newcomer)
    assert target in client.get(open_theme.url).content.decode()
    assert client.post(target).status_code == 302
    assert Membership.objects.get(user=newcomer).status == MembershipStatus.APPROVED
