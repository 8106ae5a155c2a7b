"""The profile page: a person's public display name and private full name.

Seed 000/001: other users only ever see the display name. SEC-10: the page is only for the person logged in.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core.models import User


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(client):
    """A visitor whose browser asks for English: the assertions below read the English interface."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def fien(user_factory, home):
    return user_factory("fien@example.org", "Fietser Fien", first_name="Fien", last_name="Vermeulen")


def profile_data(user, **overrides):
    data = {"display_name": user.display_name, "first_name": user.first_name, "last_name": user.last_name}
    data.update(overrides)
    return data


def header(html):
    return re.search(r'<header class="site-header">.*?</header>', html, re.S).group(0)


def test_the_profile_is_only_for_the_person_logged_in(client, home):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_header_shows_the_display_name_and_never_the_full_name(client, fien, member):
    """Seed 000/001: the display name is the only thing shown of a person; the full name stays private."""
    client.force_login(fien)
    own = header(client.get(reverse("search"), {"q": "x"}).content.decode())
    assert "Fietser Fien" in own
    assert "Vermeulen" not in own

    client.force_login(member)
    other = client.get(reverse("search"), {"q": "Fien"}).content.decode()
    assert "Vermeulen" not in other and "fien@example.org" not in other
    assert str(fien) == fien.public_name == "Fietser Fien"


def test_the_profile_shows_the_private_full_name_only_to_its_owner(client, fien):
    client.force_login(fien)
    html = client.get(reverse("profile")).content.decode()
    assert 'value="Vermeulen"' in html and 'value="Fietser Fien"' in html
    assert '<label for="id_display_name">' in html and '<label for="id_last_name">' in html


def test_changing_the_display_name_saves_it_and_shows_it_at_once(client, fien):
    client.force_login(fien)

    response = client.post(reverse("profile"), profile_data(fien, display_name="  Fien   op de fiets "))

    assert response.status_code == 302
    fien.refresh_from_db()
    assert fien.display_name == "Fien op de fiets"
    assert "Fien op de fiets" in header(client.get(reverse("profile")).content.decode())


def test_a_display_name_taken_by_someone_else_is_refused_whatever_its_case(client, fien, member):
    client.force_login(fien)

    response = client.post(reverse("profile"), profile_data(fien, display_name="LID", last_name="Peeters"))

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<div class="errorlist" id="id_display_name_error">(.*?)</div>', html, re.S)
    assert error and "already taken" in error.group(1)
    assert 'aria-describedby="id_display_name_helptext id_display_name_error"' in html
    assert 'value="LID"' in html and 'value="Peeters"' in html  # what was typed is kept
    assert "Fietser Fien" in header(html)  # nothing changed yet
    fien.refresh_from_db()
    assert (fien.display_name, fien.last_name) == ("Fietser Fien", "Vermeulen")


def test_changing_only_the_case_of_ones_own_display_name_is_allowed(client, fien):
    client.force_login(fien)
    response = client.post(reverse("profile"), profile_data(fien, display_name="fietser fien"))
    assert response.status_code == 302
    assert User.objects.get(pk=fien.pk).display_name == "fietser fien"


def test_the_profile_no_longer_offers_themes_that_change_nothing(client, fien, theme, closed_theme):
    """Issue 14 §1: ticking "themes you come for" after registration changed nothing, so the profile no longer asks;
    a forged field is ignored (the working groups are managed in the profile's section of the participation app)."""
    fien.interested_themes.set([theme])
    client.force_login(fien)
    assert 'name="interested_themes"' not in client.get(reverse("profile")).content.decode()

    response = client.post(reverse("profile"), profile_data(fien, interested_themes=[closed_theme.pk]))

    assert response.status_code == 302
    assert list(fien.interested_themes.values_list("pk", flat=True)) == [theme.pk]
