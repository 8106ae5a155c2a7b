"""The observers' overview (issue 14 §6, seed 001: observers "blijven betrokken bij de input"): an observer who logs
in finds the figures of the update mail, live, and the latest posts they may read; not an administration page that
says they have no role. An observer of another organisation, or a member without the role, sees nothing of it."""

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import MembershipStatus, PostStatus, Section
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

URL = "/deelname/observator/"


def english(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def houtem(organisation, other_organisation, user_factory):
    org = organisation
    org.open = theme_page(title="Mobiliteit", organisation=org, group_type=GroupType.OPEN)
    org.closed = theme_page(title="Jeugdraad", organisation=org, group_type=GroupType.CLOSED)
    elsewhere = theme_page(title="Jeugdhulp", organisation=other_organisation, group_type=GroupType.OPEN)
    author = user_factory("auteur@example.org", "Auteur")
    for theme in (org.open, org.closed, elsewhere):
        factories.membership(user=author, theme=theme, status=MembershipStatus.APPROVED)
    user_factory("wacht@example.org", "Wacht")
    factories.membership(
        user=author.__class__.objects.get(email="wacht@example.org"), theme=org.closed, status=MembershipStatus.PENDING
    )
    factories.post(author=author, page=org.open, title="Veilige schoolroute")
    factories.post(author=author, page=org.open, title="Wacht op goedkeuring", status=PostStatus.PENDING)
    factories.post(author=author, page=org.closed, title="Besloten verslag", section=Section.MEMBERS)
    factories.post(author=author, page=elsewhere, title="Bericht van elders")
    org.observer = user_factory("schepen@example.org", "Schepen")
    assign_role(user=org.observer, role=Role.OBSERVER, page=org)
    org.other_observer = user_factory("elders@example.org", "Elders")
    assign_role(user=org.other_observer, role=Role.OBSERVER, page=other_organisation)
    return org


def test_an_observer_sees_the_live_figures_and_the_latest_posts_of_their_organisation(houtem):
    client = english(houtem.observer)
    assert URL == reverse("participation:observer_overview")
    home = client.get("/").content.decode()
    assert f'href="{URL}"' in home and "Overview for observers" in home  # found from the header after log-in

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Gemeente Testdorp" in html and "Koepel" not in html
    mobiliteit = html.split('<th scope="row">Mobiliteit</th>')[1].split("</tr>")[0]
    assert mobiliteit == "<td>1</td><td>1</td><td>1</td><td>0</td><td>1</td>"  # members, new, posts, reactions, waiting
    jeugdraad = html.split('<th scope="row">Jeugdraad</th>')[1].split("</tr>")[0]
    assert jeugdraad.endswith("<td>1</td>")  # the request that waits
    assert "Veilige schoolroute" in html
    for not_theirs in ("Wacht op goedkeuring", "Bericht van elders"):
        assert not_theirs not in html
    assert "no-store" in response["Cache-Control"]


def test_an_observer_of_another_organisation_sees_only_theirs(houtem):
    html = english(houtem.other_observer).get(URL).content.decode()
    assert "Bericht van elders" in html
    assert "Veilige schoolroute" not in html and "Mobiliteit" not in html


def test_without_the_observer_role_there_is_no_overview(houtem, member):
    client = english(member)
    assert client.get(URL).status_code == 404
    assert f'href="{URL}"' not in client.get("/").content.decode()
    assert Client().get(URL).status_code == 302  # log in first


def test_the_administration_points_an_observer_to_their_overview(houtem):
    """Opening /admin/ with no role there says so and shows where this account can go instead."""
    response = english(houtem.observer).get("/admin/login/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "This account has no role in the administration." in html
    assert f'<a href="{URL}">Overview for observers</a>' in html
