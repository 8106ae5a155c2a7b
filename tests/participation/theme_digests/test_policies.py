"""The digest policies (participation/theme_digests/policies.py): the allowed case and the nearest forbidden ones."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.theme_digests.policies import can_compose, can_see_digests

pytestmark = pytest.mark.django_db


def test_the_themes_moderator_and_a_superadmin_compose_and_see_its_digests(open_theme, make_moderator, superadmin):
    for person in (make_moderator(open_theme, "moderator@example.org"), superadmin):
        assert can_compose(person, open_theme)
        assert can_see_digests(person, open_theme)


def test_members_other_themes_moderators_and_visitors_do_not(open_theme, mixed_theme, make_member, make_moderator):
    for person in (
        make_member(open_theme, "lid@example.org"),
        make_moderator(mixed_theme, "elders@example.org"),
        AnonymousUser(),
    ):
        composing, seeing = can_compose(person, open_theme), can_see_digests(person, open_theme)
        assert not composing and "send it a digest" in composing.reason
        assert not seeing and "see its digests" in seeing.reason
