"""The push mail policy (participation/pushmail/policies.py): the allowed cases and the nearest forbidden ones."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.access import MembershipStatus
from participation.moderation.services import member_block
from participation.pushmail.policies import can_push

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "moderator@example.org")


def test_a_moderator_may_push_mail_whatever_the_theme_says(open_theme, moderator):
    open_theme.members_may_push_mail = False
    assert can_push(moderator, open_theme)


def test_a_member_may_push_mail_only_where_the_theme_allows_it(open_theme, make_member):
    member = make_member(open_theme, "lid@example.org")
    open_theme.members_may_push_mail = False
    assert not can_push(member, open_theme)
    open_theme.members_may_push_mail = True
    assert can_push(member, open_theme)


def test_a_blocked_or_waiting_member_an_outsider_and_a_visitor_may_not(
    open_theme, make_member, moderator, user_factory
):
    open_theme.members_may_push_mail = True
    blocked = make_member(open_theme, "geblokkeerd@example.org")
    member_block(theme=open_theme, user=blocked, by=moderator, reason="Spam")
    waiting = make_member(open_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    for person in (blocked, waiting, user_factory("buiten@example.org"), AnonymousUser()):
        verdict = can_push(person, open_theme)
        assert not verdict and "may not send a push mail" in verdict.reason


def test_a_moderator_of_another_theme_or_an_inactive_moderator_may_not(open_theme, mixed_theme, make_moderator):
    assert not can_push(make_moderator(mixed_theme, "elders@example.org"), open_theme)
    inactive = make_moderator(open_theme, "weg@example.org")
    inactive.is_active = False
    assert not can_push(inactive, open_theme)
