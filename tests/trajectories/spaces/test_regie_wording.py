"""Who decides, said truthfully (issue 15 §8): "De jongere beslist: Bram Peeters (jij)" was shown when the person
who started the space decides because no young person takes part yet.

Requirements: seed 004 §3.2 (the current regie holder is visible to everyone in the space).
"""

import re

import pytest
from django.urls import reverse

from core.models import User
from tests.trajectories.world import with_totp
from trajectories import factories
from trajectories.models import Regie, Role

pytestmark = pytest.mark.django_db


def regie_line(html):
    return re.search(r'<details class="space__regie">(.*?)</details>', html, re.S).group(1)


def test_a_parent_who_started_the_space_is_not_called_the_young_person(client):
    parent = with_totp(User.objects.create_user(email="bram@example.org", password="x" * 14, display_name="Bram"))
    space = factories.trajectory(title="Ruimte van Sara", started_by=parent, regie=Regie.CLIENT)
    factories.participant(trajectory=space, user=parent, role=Role.NETWORK, name="Bram Peeters")
    client.force_login(parent)
    line = regie_line(client.get(reverse("trajectories:overview", args=[space.pk])).content.decode())
    assert "Bram Peeters" in line and "(you)" in line
    assert "does not take part yet, so for now the person who started the space decides" in line
    assert "The young person decides." not in line


def test_when_the_young_person_takes_part_she_is_named_and_the_mode_is_plain(client, world):
    page = world.client("parent").get(reverse("trajectories:overview", args=[world.space.pk]))
    line = regie_line(page.content.decode())
    assert "Sara Peeters" in line  # the young person, with the counsellor
    assert "The young person decides together with the counsellor." in line
    assert "does not take part yet" not in line
    assert "(you)" not in line  # the parent does not decide
