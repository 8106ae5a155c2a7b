"""What a visitor sees on the home, organisation, theme and subtheme pages, and what it costs (PERF-02)."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.html import format_html
from wagtail import hooks
from wagtail.rich_text import RichText

from config.hooks import PageSection, ThemeTab
from themes import factories
from themes.factories import subtheme_page, theme_page
from themes.models import (
    Category,
    CategoryIcon,
    FilterGroup,
    FilterOption,
    GroupType,
    MemberOrganisation,
    ThemeMemberOrganisation,
)

pytestmark = pytest.mark.django_db


def _html(client, page, **params):
    response = client.get(page.url, params)
    assert response.status_code == 200
    return response.content.decode()


# --- Home page ---------------------------------------------------------------------------------------


def test_the_home_page_shows_each_organisation_as_a_card(
    client, home, organisation, other_organisation, theme, closed_theme
):
    organisation.logo = factories.image(title="Logo Testdorp", text="GT")
    organisation.intro = "<p>Samen maken we <b>Testdorp</b> beter.</p>"
    organisation.save()

    page = _html(client, home)

    cards = re.findall(r'<li class="card card--organisation">.*?</li>', page, re.S)
    assert len(cards) == 2
    testdorp = next(card for card in cards if "Gemeente Testdorp" in card)
    assert f'href="{organisation.url}"' in testdorp
    assert "<img" in testdorp and 'alt=""' in testdorp  # the logo, decorative beside the name
    assert "Samen maken we Testdorp beter." in testdorp  # intro as plain text
    assert "2 themes" in testdorp
    assert "0 themes" in next(card for card in cards if "Koepel Jeugdhulp" in card)


# --- Organisation page -------------------------------------------------------------------------------


def test_the_organisation_page_shows_themes_with_their_type_and_the_contact_details(
    client, organisation, theme, closed_theme
):
    organisation.contact_phone = "050 12 34 56"
    organisation.address = "Marktplein 1\n8999 Testdorp"
    organisation.save()

    page = _html(client, organisation)

    assert "<h1>Gemeente Testdorp</h1>" in page
    assert re.search(r"Mobiliteit</a></h3>\s*<p><span class=\"badge badge--open\">Open working group", page)
    assert re.search(r"Jeugdraad</a></h3>\s*<p><span class=\"badge badge--closed\">Closed working group", page)
    assert 'href="mailto:info@testdorp.be"' in page
    assert "Marktplein 1<br>8999 Testdorp" in page


def test_the_organisation_page_wears_the_brand_colour(client, organisation, home):
    organisation_page = client.get(organisation.url)
    home_page = client.get(home.url)

    nonce = organisation_page.wsgi_request.csp_nonce
    assert f'<style nonce="{nonce}">:root {{ --brand: #1f4e79; }}</style>' in organisation_page.content.decode()
    assert "--brand: #" not in home_page.content.decode()  # the home page keeps the site colour


def test_the_organisation_page_lists_its_member_organisations(client, organisation, other_organisation):
    MemberOrganisation.objects.create(organisation=organisation, name="Jeugdhuis De Schakel", activities="Open avond")
    MemberOrganisation.objects.create(organisation=other_organisation, name="Vzw Kompas")

    page = _html(client, organisation)

    assert "Jeugdhuis De Schakel" in page and "Open avond" in page
    assert "Vzw Kompas" not in page


def test_plugin_sections_show_under_their_heading_in_order(client, organisation):
    def late(page, request):
        return PageSection(label="Laatste berichten", order=20, render=lambda: format_html("<p>{}</p>", "SECTION-B"))

    def early(page, request):
        return PageSection(label="Activiteiten", order=10, render=lambda: format_html("<p>{}</p>", "SECTION-A"))

    with (
        hooks.register_temporarily("register_organisation_section", late),
        hooks.register_temporarily("register_organisation_section", early),
    ):
        page = _html(client, organisation)

    assert re.search(r"<h2[^>]*>Activiteiten</h2>\s*<p>SECTION-A</p>", page)
    assert page.index("SECTION-A") < page.index("SECTION-B")


# --- Theme and subtheme pages ------------------------------------------------------------------------


@pytest.fixture
def rich_theme(organisation, theme):
    theme.goal = "Veilige fietsroutes naar school."
    theme.target_audience = "Ouders en leerlingen"
    theme.process = "Drie dorpsavonden"
    theme.body = [
        ("text", RichText("<p>Waarom deze werkgroep?</p>")),
        (
            "timeline",
            {
                "heading": "Tijdlijn",
                "phases": [
                    {"title": "Ideeën", "start_date": datetime.date(2026, 9, 1), "end_date": None, "description": ""}
                ],
            },
        ),
        ("call_to_action", {"text": "Doe mee", "button_label": "Naar de gemeente", "page": organisation, "url": ""}),
    ]
    theme.save()
    Category.objects.create(page=theme, name="Vraag", description="Je wilt iets weten.", icon=CategoryIcon.QUESTION)
    group = FilterGroup.objects.create(page=theme, name="Regio")
    FilterOption.objects.create(group=group, name="Noord")
    FilterOption.objects.create(group=group, name="Zuid")
    fiche = MemberOrganisation.objects.create(organisation=organisation, name="Fietsersbond Testdorp")
    ThemeMemberOrganisation.objects.create(page=theme, member_organisation=fiche, vision="Fietsers eerst.")
    return theme


def test_the_theme_page_shows_what_a_visitor_needs_to_decide_to_join(client, rich_theme, subtheme):
    page = _html(client, rich_theme)

    assert "<h1>Mobiliteit</h1>" in page
    assert "Samen op weg" in page  # intro
    assert re.search(r"<dt>Goal</dt><dd>Veilige fietsroutes naar school.</dd>", page)
    assert re.search(r"<dt>Target audience</dt><dd>Ouders en leerlingen</dd>", page)
    assert re.search(r"<dt>Process</dt><dd>Drie dorpsavonden</dd>", page)
    assert "Anyone can join this working group straight away." in page  # the type, explained
    assert "Je wilt iets weten." in page and ">Vraag<" in page  # category name and description
    assert ">Regio<" in page and "<li>Noord</li><li>Zuid</li>" in page
    assert "Fietsersbond Testdorp" in page and "Fietsers eerst." in page  # member organisation and its vision
    assert "Waarom deze werkgroep?" in page and "Ideeën" in page and '<time datetime="2026-09-01">' in page
    assert f'<a class="button" href="{rich_theme.organisation.url}">Naar de gemeente</a>' in page
    assert f'href="{subtheme.url}"' in page  # the subthemes


@pytest.mark.parametrize(
    ("group_type", "explanation"),
    [
        (GroupType.OPEN, "a moderator approves every post first"),
        (GroupType.CLOSED, "Only members can read its posts"),
        (GroupType.MIXED, "or to the members' section, which only members can read"),
    ],
)
def test_each_type_is_explained_on_the_page(client, organisation, group_type, explanation):
    page = _html(client, theme_page(title="Werkgroep", organisation=organisation, group_type=group_type))

    assert explanation in page.replace("&#x27;", "'")
    assert f'badge--{group_type}"' in page


def test_the_subtheme_page_links_its_theme_and_offers_inherited_and_own_categories(client, rich_theme, subtheme):
    Category.objects.create(page=subtheme, name="Knelpunt", description="Een gevaarlijke plek.")
    sibling = subtheme_page(title="Schoolstraten", theme=rich_theme)
    Category.objects.create(page=sibling, name="Petitie")

    page = _html(client, subtheme)

    assert f'<a href="{rich_theme.url}">Mobiliteit</a>' in page
    assert ">Vraag<" in page and ">Knelpunt<" in page and "Petitie" not in page
    assert "Fietsers eerst." in page  # the theme's member organisations take part here too
    assert "Anyone can join this working group straight away." in page  # inherited type


def test_a_subtheme_that_overrides_the_type_says_so(client, theme):
    subtheme = subtheme_page(title="Verslagen", theme=theme, group_type=GroupType.CLOSED)

    page = _html(client, subtheme)

    assert "Only members can read the posts of this subtheme" in page  # its own type decides who reads (issue 14 §5)
    assert "You join through the theme" in page
    assert "its own working-group type" in page


# --- Plugin tabs: links without JavaScript, first tab open by default ---------------------------------


@pytest.fixture
def only_test_tabs(monkeypatch):
    """Theme tabs come only from the test: the tabs the installed apps register (participation's Posts and
    Members) are set aside, so the tab mechanism itself is what is tested."""
    hooks.search_for_hooks()  # load every app's hooks first, so none is registered into the emptied list
    monkeypatch.setitem(hooks._hooks, "register_theme_tab", [])


@pytest.fixture
def two_tabs(only_test_tabs):
    def posts(page, request):
        return ThemeTab(
            label="Berichten", slug="berichten", order=10, render=lambda: format_html("<p>{}</p>", "PANEL-POSTS")
        )

    def members(page, request):
        return ThemeTab(label="Leden", slug="leden", order=20, render=lambda: format_html("<p>{}</p>", "PANEL-MEMBERS"))

    with (
        hooks.register_temporarily("register_theme_tab", members),
        hooks.register_temporarily("register_theme_tab", posts),
    ):
        yield


def test_the_first_tab_is_open_by_default(client, theme, two_tabs):
    page = _html(client, theme)

    assert 'href="?tab=berichten#tab-panel" aria-current="page"' in page
    assert 'href="?tab=leden#tab-panel">Leden</a>' in page
    assert "PANEL-POSTS" in page and "PANEL-MEMBERS" not in page


def test_a_tab_link_opens_that_tab(client, theme, two_tabs):
    page = _html(client, theme, tab="leden")

    assert 'href="?tab=leden#tab-panel" aria-current="page"' in page
    assert "PANEL-MEMBERS" in page and "PANEL-POSTS" not in page


def test_an_unknown_tab_falls_back_to_the_first(client, theme, two_tabs):
    page = _html(client, theme, tab="<script>")

    assert "PANEL-POSTS" in page
    assert "<script>" not in page.split("<main", 1)[1]


def test_without_tabs_there_is_no_tab_list(client, theme, only_test_tabs):
    assert "tabs__list" not in _html(client, theme)


# --- Query counts stay the same however many themes there are (PERF-02) ---------------------------------


def _queries(client, url):
    client.get(url)  # warm caches that fill once (site root paths, renditions)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _grow(organisation, theme, start, stop):
    for i in range(start, stop):
        extra = theme_page(
            title=f"Thema {i}", organisation=organisation, group_type=GroupType.MIXED, intro="<p>Intro</p>"
        )
        subtheme_page(title=f"Subthema {i}", theme=theme, group_type="" if i % 2 else GroupType.CLOSED)
        Category.objects.create(page=extra, name=f"Categorie {i}")
        fiche = MemberOrganisation.objects.create(
            organisation=organisation, name=f"Vereniging {i}", logo=factories.image(title=f"Logo {i}", text=str(i))
        )
        ThemeMemberOrganisation.objects.create(page=theme, member_organisation=fiche, vision=f"Visie {i}")
        Category.objects.create(page=theme, name=f"Soort {i}")
        group = FilterGroup.objects.create(page=theme, name=f"Filter {i}")
        FilterOption.objects.create(group=group, name="Ja")
        FilterOption.objects.create(group=group, name="Nee")


def test_page_query_counts_do_not_grow_with_the_number_of_themes(home, organisation, theme, member, editor_of):
    """PERF-02: the home, organisation, theme and subtheme pages cost the same with 2 or 50 themes,
    for a visitor, a signed-in member and an editor (whose role brings hidden pages back)."""
    organisation.logo = factories.image(title="Logo", text="GT")
    organisation.save()
    subtheme = subtheme_page(title="Fietspaden", theme=theme)
    visitors = {"anonymous": Client(), "member": Client(), "editor": Client()}
    visitors["member"].force_login(member)
    visitors["editor"].force_login(editor_of(organisation))
    urls = [home.url, organisation.url, theme.url, subtheme.url]
    _grow(organisation, theme, 1, 2)  # two themes
    small = {(who, url): _queries(c, url) for who, c in visitors.items() for url in urls}

    _grow(organisation, theme, 2, 50)  # fifty themes, subthemes, member organisations, categories, filters
    large = {(who, url): _queries(c, url) for who, c in visitors.items() for url in urls}

    assert large == small
    assert "Thema 49" in visitors["anonymous"].get(organisation.url).content.decode()
    assert "Subthema 49" in visitors["anonymous"].get(theme.url).content.decode()
