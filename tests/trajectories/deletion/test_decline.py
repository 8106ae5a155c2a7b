"""Declining a deletion request (issue 13 §8): whoever holds regie may decline the young person's request with a
reason she reads on the People page; nothing is deleted; the decision is in the access log. Nobody else declines.
After the decline the sweep's rule still holds (SEC-01, SEC-04, SEC-14).
"""

import functools

import pytest
from django.urls import reverse

from tests.security.test_trajectory_sweep import AUDIENCES, build
from tests.trajectories.closure.test_closure import audience_problems, once_in_english, sweep_world
from tests.trajectories.world import ACTIVE
from trajectories import factories
from trajectories.audit.models import AccessLogEntry
from trajectories.audit.services import DELETION_DECLINED
from trajectories.deletion.models import DeletionRequest, DeletionStatus
from trajectories.models import Goal, Regie, Trajectory

pytestmark = pytest.mark.django_db

WHY = "We hebben dit doel nog nodig voor de jeugdrechter."


def pending(world, audience=None):
    Trajectory.objects.filter(pk=world.space.pk).update(regie=Regie.COORDINATOR, counsellor=None)
    goal = factories.goal(trajectory=world.space, author=world.seats["network"], title="Doel van de leerkracht")
    world.client("young").post(
        reverse("trajectories:deletion_request_item", args=[world.space.pk, "doelen", goal.pk]), {"confirm": "yes"}
    )
    return goal, DeletionRequest.objects.get(trajectory=world.space)


def decline(world, who, request, reason=WHY):
    url = reverse("trajectories:deletion_decline", args=[world.space.pk, request.pk])
    return world.client(who).post(url, {"reason": reason})


def _sweep_after_declining(shared):
    world = sweep_world(shared)
    built = {audience: build(world, "goal", audience) for audience in AUDIENCES}
    goal, request = pending(world)
    assert decline(world, "coordinator", request).status_code == 302
    request.refresh_from_db()
    assert request.status == DeletionStatus.DECLINED and request.decline_reason == WHY
    assert request.declined_by_id == world.seats["coordinator"].pk
    assert Goal.objects.filter(pk=goal.pk).exists()
    people = world.client("young").get(reverse("trajectories:participants", args=[world.space.pk])).content.decode()
    assert "Deletion requests that were declined" in people and WHY in people
    assert (
        WHY
        not in world.client("parent").get(reverse("trajectories:participants", args=[world.space.pk])).content.decode()
    )
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=DELETION_DECLINED).count() == 1
    return audience_problems(world, built, set(ACTIVE))


@pytest.fixture(scope="module")
def decline_problems(shared_world, django_db_blocker):
    """The decline and the sweep after it, made once for the module with a goal of every audience in the space."""
    return once_in_english(django_db_blocker, functools.partial(_sweep_after_declining, shared_world))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_the_regie_holder_declines_with_a_reason_she_reads(decline_problems, audience):
    """The coordinator (regie) declines: the goal stays, the request says declined with the reason, the young
    person reads why on the People page, the decision is logged; everyone reads what they read before."""
    assert decline_problems[audience] == []


def test_only_the_regie_holder_declines_and_a_reason_is_needed(world):
    """Nearest forbidden cases: the counsellor (a professional not holding regie now), the mum and the young person
    herself are refused; an empty reason changes nothing; a request dealt with answers 404."""
    goal, request = pending(world)
    for who in ("pro_a", "parent", "young"):
        response = decline(world, who, request)
        assert response.status_code == 403, who
        assert "Only the person who decides in this space" in response.content.decode()
    response = decline(world, "coordinator", request, reason="   ")
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == DeletionStatus.PENDING
    assert decline(world, "coordinator", request).status_code == 302
    assert decline(world, "coordinator", request).status_code == 404
    assert Goal.objects.filter(pk=goal.pk).exists()
