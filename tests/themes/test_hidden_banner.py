"""A role holder on a hidden page is told it is hidden (issue 14 §13): the "verborgen" banner says visitors and
members do not see it. A live page shows no banner; visitors never reach a hidden page (404)."""

import pytest
from django.test import Client

from core.models import Role
from core.roles.services import assign_role
from themes.factories import theme_page

pytestmark = pytest.mark.django_db

BANNER = "This page is temporarily hidden"


def english(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def test_an_observer_on_a_hidden_theme_sees_the_banner(organisation, user_factory):
    hidden = theme_page(title="Begroting 2027", organisation=organisation, hidden=True)
    observer = user_factory("schepen@example.org", "Schepen")
    assign_role(user=observer, role=Role.OBSERVER, page=organisation)
    html = english(observer).get(hidden.url).content.decode()
    assert 'class="hidden-banner"' in html and BANNER in html


def test_a_live_page_shows_no_banner_and_a_visitor_never_sees_a_hidden_one(organisation, superadmin):
    live = theme_page(title="Mobiliteit", organisation=organisation)
    hidden = theme_page(title="Begroting 2027", organisation=organisation, hidden=True)
    assert BANNER not in english(superadmin).get(live.url).content.decode()
    assert BANNER not in english(superadmin).get(organisation.url).content.decode()
    assert english().get(hidden.url).status_code == 404
