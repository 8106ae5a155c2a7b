"""The header's "Mijn werkruimtes" comes from the spaces app through ``register_user_menu_item`` (issue 10, issue 15
§1): only people who take part in a space see it."""

import re

import pytest
from django.urls import reverse

from trajectories.models import ParticipantStatus


def menu_names(html):
    return re.findall(r'<li class="site-nav__([a-z-]+)">', html)


@pytest.mark.django_db
def test_my_spaces_shows_only_for_people_who_take_part_in_a_space(client, world):
    young = world.users["young"]
    outsider = world.users["outsider"]

    client.force_login(young)
    mine = client.get("/").content.decode()
    client.force_login(outsider)
    theirs = client.get("/").content.decode()

    assert menu_names(mine) == ["my-posts", "my-spaces"]
    assert reverse("trajectories:my_spaces") in mine
    assert menu_names(theirs) == ["my-posts"]  # the nearest forbidden case: a member without a space
    assert reverse("trajectories:my_spaces") not in theirs


@pytest.mark.django_db
def test_the_link_goes_when_the_person_leaves_the_space_and_comes_with_an_accepted_invitation(client, world):
    parent = world.seats["parent"]
    client.force_login(parent.user)
    assert "my-spaces" in menu_names(client.get("/").content.decode())

    parent.status = ParticipantStatus.REMOVED
    parent.save(update_fields=["status"])

    assert "my-spaces" not in menu_names(client.get("/").content.decode())


@pytest.mark.django_db
def test_visitors_get_no_personal_menu(client, world):
    html = client.get("/").content.decode()
    assert menu_names(html) == []
    assert reverse("account_login") in html
