"""Site search returns only what the visitor may see (SEC-02; Wagtail's template search view leaks titles)."""

import pytest
from django.urls import reverse

from core.models import Role
from core.roles import services as roles
from themes.factories import theme_page


@pytest.fixture
def pages(organisation, other_organisation):
    public = theme_page(title="Zichtbaar zwembadproject", organisation=organisation)
    hidden = theme_page(title="Verborgen zwembadplan", organisation=organisation, hidden=True)
    hidden_org = other_organisation
    hidden_org.hidden = True
    hidden_org.save_revision().publish()
    under_hidden_org = theme_page(title="Zwembad in verborgen koepel", organisation=hidden_org)
    draft = theme_page(title="Zwembad concept", organisation=organisation)
    draft.unpublish()
    return {"public": public, "hidden": hidden, "under_hidden_org": under_hidden_org, "draft": draft}


def titles(client, query="zwembad"):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_search_finds_public_pages_only(client, pages):
    html = titles(client)
    assert "Zichtbaar zwembadproject" in html
    for marker in ("Verborgen zwembadplan", "Zwembad in verborgen koepel", "Zwembad concept"):
        assert marker not in html


def test_member_without_a_role_sees_no_hidden_titles(client, member, pages):
    client.force_login(member)
    html = titles(client)
    assert "Zichtbaar zwembadproject" in html
    assert "Verborgen zwembadplan" not in html
    assert "Zwembad in verborgen koepel" not in html


def test_editor_of_the_organisation_finds_its_hidden_theme_but_not_another_organisations(
    client, user_factory, organisation, pages
):
    editor = user_factory("redactie@example.org", "Redactie")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client.force_login(editor)
    html = titles(client)
    assert "Verborgen zwembadplan" in html
    assert "Zwembad in verborgen koepel" not in html
    assert "Zwembad concept" not in html  # drafts are for the admin, not site search


def test_superadmin_finds_hidden_pages_but_never_drafts(client, superadmin, pages):
    client.force_login(superadmin)
    html = titles(client)
    assert "Verborgen zwembadplan" in html and "Zwembad in verborgen koepel" in html
    assert "Zwembad concept" not in html


def test_empty_query_shows_the_form_without_results(client, pages):
    html = titles(client, "")
    assert 'name="q"' in html
    assert "Zichtbaar zwembadproject" not in html


# --- Anything typed is words (issue 9 hole 9) -----------------------------------------------------------------

ODD_QUERIES = ['"', 'a"b', "\x00", "zwem\x00bad", '"zwembad', "zwembad*", "NEAR(", "(", ")", "'", "-", "^", ":", "\\"]


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_quotes_operators_and_nul_bytes_never_break_search(client, pages, query):
    """SQLite's full-text syntax answered 500 to a lone quote or a NUL byte, for anyone; PostgreSQL cannot take
    a NUL byte at all. Search shows a page, as for any other words."""
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    assert "Verborgen zwembadplan" not in response.content.decode()


def test_words_are_found_whatever_surrounds_them(client, pages):
    """Quotes, a NUL byte, a tab, operators and invisible characters around or inside the words are dropped;
    the words still find the page."""
    for query in ('"zwembadproject', 'zichtbaar"zwembadproject"', "\x00zwembadproject\x00", "zwembad\u00adproject"):
        html = titles(client, query)
        assert "Zichtbaar zwembadproject" in html, query
        assert "Verborgen zwembadplan" not in html


def test_search_shows_what_was_typed_without_control_characters(client, pages):
    html = titles(client, 'a"b\x00c\x1b[31m')
    assert "a&quot;b c [31m" in html
    assert "\x00" not in html and "\x1b" not in html


def test_search_providers_get_only_words(client, member, pages):
    """Every provider of ``register_search_provider`` (participation's posts and reactions, plugins) is handed
    plain words, never the raw input: a provider need not know its backend's query syntax."""
    from wagtail import hooks

    from config.hooks import REGISTER_SEARCH_PROVIDER

    seen = []

    class Recorder:
        label = "Recorder"

        def search(self, query, user, limit):
            seen.append(query)
            return []

    with hooks.register_temporarily(REGISTER_SEARCH_PROVIDER, lambda: Recorder()):
        for query in ('"fiets\x00pad" OR NOT zwembad*', '"', "\x00\t"):
            assert client.get(reverse("search"), {"q": query}).status_code == 200
    assert seen == ["fiets pad OR NOT zwembad"]  # a query without words reaches no provider


def test_posts_are_found_through_quotes_and_nul_bytes(client, member, theme):
    """Participation's provider (posts and reactions, Wagtail's index of Post) behind the same words."""
    from participation import factories

    author = member
    factories.membership(user=author, theme=theme)
    factories.post(author=author, page=theme, title="Fietsenstalling aan het station")
    for query in ('"Fietsenstalling', "fietsenstalling\x00", 'station"'):
        assert "Fietsenstalling aan het station" in titles(client, query), query
