"""Who reads the access log (trajectories.audit.policies): the young person and the declared coordinators; the
navigation shows the page to them only, and anyone else who asks for it gets the 404 of a page that is not there."""

import pytest
from django.urls import reverse

from core.models import Role as SiteRole
from core.roles.services import revoke_role
from trajectories.audit import policies
from trajectories.spaces.selectors import space_for

pytestmark = pytest.mark.django_db


def seat(world, who):
    return space_for(world.users[who], world.space.pk)


@pytest.mark.parametrize(
    ("who", "reads"),
    [("young", True), ("coordinator", True), ("pro_a", False), ("parent", False), ("network", False)],
)
def test_the_access_log_is_for_the_young_person_and_the_coordinators(world, who, reads):
    assert policies.can_read_access_log(seat(world, who)) is reads
    url = reverse("trajectories:access_log", args=[world.space.pk])
    overview = world.client(who).get(reverse("trajectories:overview", args=[world.space.pk])).content.decode()
    assert (url in overview) is reads
    assert world.client(who).get(url).status_code == (200 if reads else 404)


def test_a_coordinator_nobody_declares_does_not_read_it(world):
    """The nearest forbidden case of the coordinator: the seat without an organisation's declaration."""
    revoke_role(user=world.users["coordinator"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_a)
    assert not policies.can_read_access_log(seat(world, "coordinator"))
    url = reverse("trajectories:access_log", args=[world.space.pk])
    assert world.client("coordinator").get(url).status_code == 404
