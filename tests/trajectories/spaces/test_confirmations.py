"""Destructive actions take a second step that names what will happen (issue 15 §8): removing a person, closing
the space, taking someone off a social map. The first button leads to the question, only the second does it; a
person who may not act is refused before any question.

Requirements: SEC-01 (the question names nothing the viewer may not see), WCAG 2.2 AA 3.3.4 (error prevention).
"""

import pytest
from django.urls import reverse

from trajectories.models import ParticipantStatus, TrajectoryStatus
from trajectories.network import services as network
from trajectories.network.models import SocialMapPerson

pytestmark = pytest.mark.django_db


def test_removing_a_person_asks_first_and_says_what_happens(world):
    url = reverse("trajectories:participant_remove", args=[world.space.pk, world.seats["network"].pk])
    question = world.client("young").post(url)
    html = question.content.decode()
    assert question.status_code == 200
    assert "can no longer open this space" in html and 'name="confirm" value="yes"' in html
    world.seats["network"].refresh_from_db()
    assert world.seats["network"].status == ParticipantStatus.ACTIVE  # nothing happened yet
    done = world.client("young").post(url, {"confirm": "yes"})
    assert done.status_code == 302
    world.seats["network"].refresh_from_db()
    assert world.seats["network"].status == ParticipantStatus.REMOVED


def test_who_may_not_remove_gets_no_question(world):
    url = reverse("trajectories:participant_remove", args=[world.space.pk, world.seats["network"].pk])
    response = world.client("parent").post(url)
    assert response.status_code == 403 and 'name="confirm"' not in response.content.decode()
    assert world.client("outsider").post(url).status_code == 404


def test_closing_the_space_asks_first(world):
    """Closing is a page that says what happens (issue 13 §4: who keeps reading) before the button that does it."""
    url = reverse("trajectories:close", args=[world.space.pk])
    question = world.client("young").get(url)
    assert question.status_code == 200
    assert "Professionals stop reading the space, unless the young person keeps them" in question.content.decode()
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.ACTIVE
    assert world.client("parent").get(url).status_code == 403
    assert world.client("parent").post(url, {"reason": "Klaar"}).status_code == 403
    world.client("young").post(url, {"reason": "Klaar"})
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.CLOSED


def test_removing_someone_from_my_social_map_asks_first_and_names_them(world):
    person = network.social_map_add_person(
        trajectory=world.space, by=world.users["young"], name="Bram", circle="vrienden"
    )
    url = reverse("trajectories:my_social_map_remove", args=[world.space.pk, person.pk])
    question = world.client("young").post(url)
    assert question.status_code == 200 and "Remove Bram from your social map?" in question.content.decode()
    assert SocialMapPerson.objects.filter(pk=person.pk).exists()
    assert world.client("parent").post(url).status_code == 404  # not on her map: no question, no name
    world.client("young").post(url, {"confirm": "yes"})
    assert not SocialMapPerson.objects.filter(pk=person.pk).exists()
