"""Redirects of moved pages (Wagtail's, core.middleware.RedirectMiddleware): they still take people from an old
address to the new one, and a 404 without any redirect costs one query about redirects instead of five."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site


@pytest.fixture
def moved(theme):
    """An old address of the theme page, a permanent redirect for every site."""
    return Redirect.objects.create(old_path="/oud/mobiliteit", redirect_page=theme, is_permanent=True)


def test_an_old_address_leads_to_the_moved_page(client, theme, moved):
    response = client.get("/oud/mobiliteit/")

    assert response.status_code == 301
    assert response["Location"].endswith(theme.url)


def test_an_old_address_with_a_query_leads_to_the_moved_page(client, theme, moved):
    """Wagtail tries the path with its query first, then without it."""
    response = client.get("/oud/mobiliteit/?utm_source=krant")

    assert response.status_code == 301
    assert response["Location"].endswith(theme.url)


def test_a_redirect_with_its_query_wins_over_the_one_without(client, theme, moved):
    Redirect.objects.create(
        old_path="/oud/mobiliteit?tab=2", redirect_link="https://example.org/tab2", is_permanent=False
    )

    assert client.get("/oud/mobiliteit/?tab=2")["Location"] == "https://example.org/tab2"
    assert client.get("/oud/mobiliteit/?tab=3").status_code == 301


def test_an_address_written_in_unicode_is_redirected_however_it_is_encoded(client, theme):
    Redirect.objects.create(old_path="/oud/café", redirect_page=theme, is_permanent=True)

    assert client.get("/oud/caf%C3%A9/").status_code == 301


def test_a_redirect_of_another_site_does_not_apply_here(client, home, theme):
    other = Site.objects.create(hostname="ander.example.org", port=80, root_page=home)
    Redirect.objects.create(old_path="/oud/elders", site=other, redirect_page=theme)

    assert client.get("/oud/elders/").status_code == 404
    assert client.get("/oud/elders/", headers={"host": "ander.example.org"}).status_code == 301


def test_a_redirect_never_answers_for_a_page_that_exists(client, theme):
    Redirect.objects.create(old_path=theme.url.rstrip("/"), redirect_link="https://example.org/elders")

    assert client.get(theme.url).status_code == 200


def test_a_404_without_a_redirect_asks_about_redirects_once(client, home, moved):
    """The sweeps ask tens of thousands of missing addresses: each cost a site lookup and up to four redirect
    queries. The site is looked up at most once, for the 404 page itself."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/berichten/987654/?q=1")

    assert response.status_code == 404
    about_redirects = [q["sql"] for q in queries.captured_queries if "wagtailredirects_redirect" in q["sql"]]
    assert len(about_redirects) == 1
    assert sum('FROM "wagtailcore_site"' in q["sql"] for q in queries.captured_queries) <= 1
