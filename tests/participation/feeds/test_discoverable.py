"""The feed and the widget are found where people look (issue 14 §7): theme pages announce their Atom feed
(`<link rel="alternate">`) and link it; an organisation's admins get "Insluiten op je website" with the embed code
(an iframe and a script that sizes it) and the sites that may show it. Nobody else gets the embed panel (an admin of
another organisation, a moderator, a member); a hidden theme announces no feed."""

import pytest
from django.test import Client
from django.urls import reverse

from core.models import Role
from core.roles.services import assign_role
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db


def english(user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def theme(organisation):
    organisation.embed_origins = "https://www.testdorp.example"
    organisation.save_revision().publish()
    return theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)


def test_a_theme_page_announces_and_links_its_feed(theme):
    feed = reverse("participation:feed", args=[theme.pk])
    html = english().get(theme.url).content.decode()
    assert (
        f'<link rel="alternate" type="application/atom+xml" href="{feed}" title="Public posts of Mobiliteit">' in html
    )
    assert f'<a href="{feed}" type="application/atom+xml">' in html
    assert "Embed on your website" not in html


def test_a_hidden_theme_announces_no_feed(organisation, superadmin):
    hidden = theme_page(title="Begroting", organisation=organisation, hidden=True)
    html = english(superadmin).get(hidden.url).content.decode()
    assert "application/atom+xml" not in html


def test_the_organisations_admin_gets_the_embed_code_and_the_allowed_sites(theme, organisation, user_factory, settings):
    settings.WERKGROEPEN_ROOT_URL = "https://inspraak.example"
    admin = user_factory("beheer@example.org", "Beheer")
    assign_role(user=admin, role=Role.ORGANISATION_ADMIN, page=organisation)

    html = english(admin).get(theme.url).content.decode()

    assert "Embed on your website" in html
    widget = f"https://inspraak.example/deelname/werkgroep/{theme.pk}/widget/"
    assert f"&lt;iframe src=&quot;{widget}&quot;" in html or f'&lt;iframe src="{widget}"' in html
    assert "https://inspraak.example/static/participation/widget-embed.js" in html
    assert "<code>https://www.testdorp.example</code>" in html
    assert reverse("wagtailadmin_pages:edit", args=[organisation.pk]) in html


@pytest.mark.parametrize("who", ["other_admin", "moderator", "member"])
def test_nobody_else_gets_the_embed_panel(theme, other_organisation, user_factory, who):
    person = user_factory(f"{who}@example.org", who)
    if who == "other_admin":
        assign_role(user=person, role=Role.ORGANISATION_ADMIN, page=other_organisation)
    elif who == "moderator":
        assign_role(user=person, role=Role.MODERATOR, page=theme)
    html = english(person).get(theme.url).content.decode()
    assert "Embed on your website" not in html and "widget-embed.js" not in html


def test_the_widget_reports_its_height_to_the_page_that_frames_it(theme):
    html = english().get(reverse("participation:widget", args=[theme.pk])).content.decode()
    assert '<script src="/static/participation/widget-size.js" defer></script>' in html
