"""The groups policies (participation/groups/policies.py): for each, the allowed case and the nearest forbidden ones."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation.access import MembershipStatus
from participation.groups.policies import can_decide_membership, can_join, can_see_members, can_speak_for
from participation.moderation.services import member_block
from themes.models import MemberOrganisation, ThemeMemberOrganisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "moderator@example.org")


def refused(verdict, *, state=False):
    return not verdict and bool(verdict.reason) and verdict.state is state


def test_anyone_logged_in_may_join_also_a_member_again(open_theme, user_factory, make_member):
    assert can_join(user_factory("nieuw@example.org"), open_theme)
    assert can_join(make_member(open_theme, "lid@example.org"), open_theme), "joining again changes nothing"


def test_a_visitor_or_a_blocked_person_may_not_join(open_theme, make_member, moderator):
    assert refused(can_join(AnonymousUser(), open_theme))
    blocked = make_member(open_theme, "geblokkeerd@example.org", status=MembershipStatus.LEFT)
    member_block(theme=open_theme, user=blocked, by=moderator, reason="Spam")
    assert refused(can_join(blocked, open_theme))


def test_members_and_moderators_see_the_members(open_theme, make_member, moderator):
    assert can_see_members(make_member(open_theme, "lid@example.org"), open_theme)
    assert can_see_members(moderator, open_theme)


def test_people_waiting_to_join_and_outsiders_do_not_see_the_members(closed_theme, make_member, user_factory):
    assert refused(can_see_members(make_member(closed_theme, "wacht@example.org", status="pending"), closed_theme))
    assert refused(can_see_members(user_factory("buiten@example.org"), closed_theme))
    assert refused(can_see_members(AnonymousUser(), closed_theme))


def test_a_moderator_decides_a_waiting_request_once(closed_theme, make_member, make_moderator):
    moderator = make_moderator(closed_theme, "moderator@example.org")
    asking = make_member(closed_theme, "vraagt@example.org", status=MembershipStatus.PENDING)
    membership = asking.memberships.get()
    assert can_decide_membership(moderator, membership)
    membership.status = MembershipStatus.APPROVED
    assert refused(can_decide_membership(moderator, membership), state=True)


def test_a_member_or_another_themes_moderator_may_not_decide(closed_theme, mixed_theme, make_member, make_moderator):
    membership = make_member(closed_theme, "vraagt@example.org", status=MembershipStatus.PENDING).memberships.get()
    assert refused(can_decide_membership(make_member(closed_theme, "lid@example.org"), membership))
    assert refused(can_decide_membership(make_moderator(mixed_theme, "elders@example.org"), membership))


def test_a_representative_speaks_for_an_organisation_taking_part(mixed_theme, organisation, user_factory):
    person = user_factory("vertegenwoordiger@example.org")
    fiche = MemberOrganisation.objects.create(organisation=organisation, name="Fietsersbond")
    fiche.representatives.add(person)
    ThemeMemberOrganisation.objects.create(page=mixed_theme, member_organisation=fiche)
    assert can_speak_for(person, mixed_theme, None), "for yourself"
    assert can_speak_for(person, mixed_theme, fiche)


def test_nobody_speaks_for_an_organisation_that_does_not_list_them_or_does_not_take_part(
    mixed_theme, organisation, user_factory
):
    person = user_factory("vertegenwoordiger@example.org")
    listed_elsewhere = MemberOrganisation.objects.create(organisation=organisation, name="Elders")
    listed_elsewhere.representatives.add(person)
    not_listing = MemberOrganisation.objects.create(organisation=organisation, name="Niet van mij")
    ThemeMemberOrganisation.objects.create(page=mixed_theme, member_organisation=not_listing)
    assert refused(can_speak_for(person, mixed_theme, listed_elsewhere), state=True)
    assert refused(can_speak_for(person, mixed_theme, not_listing), state=True)
