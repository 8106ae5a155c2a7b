"""Issue 14 §6: an observer who logs in lands on the overview of the organisations they observe (the page of the
header's "Overview for observers"), not on the home page; a page they asked for (``next``) wins, and everyone else
lands where they did (the nearest forbidden: a member who is no observer, an observer who holds another role too,
an observer whose organisation is not live).

Requirements: SEC-01 (the landing is the overview, which shows only what the observer may read).
"""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105 - tests/conftest.py make_user's password
OVERVIEW = "participation:observer_overview"


def log_in(user, next_url=None):
    """Log in through the form as a person does; where the site sends them."""
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    client = Client(headers={"accept-language": "en"})
    url = reverse("account_login") + (f"?next={next_url}" if next_url else "")
    response = client.post(url, {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return response["Location"], client


def test_an_observer_lands_on_the_overview_of_their_organisation(organisation, user_factory):
    factories.post(
        author=user_factory("auteur@example.org"),
        page=theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN),
        title="Veilige schoolroute",
    )
    observer = user_factory("schepen@example.org", "Schepen")
    assign_role(user=observer, role=Role.OBSERVER, page=organisation)

    location, client = log_in(observer)

    assert location == reverse(OVERVIEW)
    page = client.get(location).content.decode()
    assert organisation.title in page
    assert "Veilige schoolroute" in page


def test_an_observer_who_asked_for_a_page_gets_that_page(organisation, user_factory):
    observer = user_factory("schepen@example.org")
    assign_role(user=observer, role=Role.OBSERVER, page=organisation)
    assert log_in(observer, next_url="/zoeken/")[0] == "/zoeken/"


def test_a_member_who_is_no_observer_lands_as_before(organisation, user_factory):
    member = user_factory("lid@example.org")
    factories.membership(
        user=member, theme=theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    )
    assert log_in(member)[0] == "/"


def test_an_observer_with_another_role_keeps_the_home_page(organisation, user_factory):
    """Their work is spread over the site (moderating a theme, observing the organisation): the home page."""
    theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    person = user_factory("beide@example.org")
    assign_role(user=person, role=Role.OBSERVER, page=organisation)
    assign_role(user=person, role=Role.MODERATOR, page=theme)
    assert log_in(person)[0] == "/"


def test_an_observer_of_an_organisation_that_is_not_live_keeps_the_home_page(organisation, user_factory):
    """Their overview would be empty (404): they land on the home page."""
    observer = user_factory("schepen@example.org")
    assign_role(user=observer, role=Role.OBSERVER, page=organisation)
    organisation.unpublish()
    assert log_in(observer)[0] == "/"
