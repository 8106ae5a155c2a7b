"""Where a person lands after log-in (issue 15 §1): a young person whose only use of the site is one space lands
straight in it; everyone with more than one place, a role, or a page they asked for keeps what they had.

Requirements: SEC-01 (the landing never names a space the person is not in: it comes from ``visible_to``).
"""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from core.models import Role as SiteRole
from core.roles.services import assign_role
from participation import factories as participation_factories
from tests.trajectories.world import PASSWORD
from trajectories import factories
from trajectories.models import ParticipantStatus, Role

pytestmark = pytest.mark.django_db


def log_in(user, next_url=None):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    client = Client(headers={"accept-language": "en"})
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"]


def test_a_young_person_with_one_space_and_nothing_else_lands_in_it(world):
    assert log_in(world.users["young"]) == reverse("trajectories:overview", args=[world.space.pk])
    assert log_in(world.users["parent"]) == reverse("trajectories:overview", args=[world.space.pk])


def test_with_a_second_space_the_person_lands_on_the_home_page(world):
    other = factories.trajectory(title="Tweede", organisation=world.organisation_a, started_by=world.users["pro_a"])
    factories.participant(trajectory=other, user=world.users["young"], role=Role.CLIENT, name="Sara")
    assert log_in(world.users["young"]) == "/"


def test_a_member_of_a_working_group_with_a_space_lands_on_the_home_page(world, theme):
    participation_factories.membership(user=world.users["young"], theme=theme)
    assert log_in(world.users["young"]) == "/"


def test_a_member_of_one_working_group_and_no_space_keeps_the_home_page(world, theme):
    participation_factories.membership(user=world.users["outsider"], theme=theme)
    assert log_in(world.users["outsider"]) == "/"


def test_people_with_a_role_no_space_or_a_page_they_asked_for_keep_it(world):
    # One space, but a role on the site too (an editor's work is spread over the site; an observer lands on their
    # overview instead, tests/participation/observer_updates/test_login_landing.py).
    assign_role(user=world.users["network"], role=SiteRole.EDITOR, page=world.organisation_a)
    assert log_in(world.users["network"]) == "/"
    assert log_in(world.users["outsider"]) == "/"
    assert log_in(world.users["banned_parent"]) == "/"  # a contact ban: the space is not theirs to see
    assert log_in(world.users["young"], next_url="/zoeken/") == "/zoeken/"


def test_a_removed_person_no_longer_lands_in_the_space(world):
    seat = world.seats["parent"]
    seat.status = ParticipantStatus.REMOVED
    seat.save(update_fields=["status"])
    assert log_in(world.users["parent"]) == "/"
