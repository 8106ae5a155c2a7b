"""Who changes a social map (trajectories.network.policies): its owner, while the space is open. The page offers
the forms only then, and a forged POST in a closed space is refused."""

import pytest
from django.urls import reverse

from trajectories.access import TrajectoryStatus
from trajectories.network import policies
from trajectories.network.models import SocialMapPerson
from trajectories.spaces.selectors import space_for

pytestmark = pytest.mark.django_db


def test_everyone_keeps_their_own_map_while_the_space_is_open(world):
    assert policies.can_change_own_map(space_for(world.users["parent"], world.space.pk))
    url = reverse("trajectories:my_social_map", args=[world.space.pk])
    assert 'name="circle"' in world.client("parent").get(url).content.decode()
    response = world.client("parent").post(url, {"name": "Tante Mia", "circle": "familie", "closeness": 2})
    assert response.status_code == 302
    assert SocialMapPerson.objects.filter(name="Tante Mia").exists()


def test_in_a_closed_space_the_map_stays_as_it_is(world):
    world.space.status = TrajectoryStatus.CLOSED
    world.space.save(update_fields=["status"])
    assert not policies.can_change_own_map(space_for(world.users["parent"], world.space.pk))
    url = reverse("trajectories:my_social_map", args=[world.space.pk])
    assert 'name="circle"' not in world.client("parent").get(url).content.decode()
    forged = world.client("parent").post(url, {"name": "Tante Mia", "circle": "familie", "closeness": 2})
    assert forged.status_code == 403
    assert not SocialMapPerson.objects.exists()
