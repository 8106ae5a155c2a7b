"""The home page finds the page of a URL in one query (PERF-02) and still answers exactly like Wagtail's walk."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from themes.factories import subtheme_page

pytestmark = pytest.mark.django_db


def test_every_level_of_the_tree_is_found(client, organisation, theme, subtheme):
    for page in (organisation, theme, subtheme):
        response = client.get(page.url)
        assert response.status_code == 200
        assert response.context["page"].pk == page.pk


def test_a_sub_route_of_a_theme_still_works(client, theme):
    response = client.get(f"{theme.url}contact/")
    assert response.status_code == 302
    assert response["Location"].endswith(f"{theme.url}#contact")


def test_unknown_paths_answer_404(client, theme, subtheme):
    for url in (
        f"{theme.url}bestaat-niet/",
        f"{subtheme.url}dieper/nog-dieper/",
        "/onbekend/",
        f"{theme.url}contact/x/",
    ):
        assert client.get(url).status_code == 404, url


def test_an_unpublished_page_answers_404_and_its_live_child_too(client, theme, subtheme):
    theme.live = False
    theme.save()
    assert client.get(theme.url if theme.url else "/gemeente-testdorp/mobiliteit/").status_code == 404
    assert client.get("/gemeente-testdorp/mobiliteit/fietspaden/").status_code == 404


def test_routing_does_not_cost_a_query_per_level(client, theme):
    deep = subtheme_page(title="Diep", theme=theme)
    client.get(deep.url)
    with CaptureQueriesContext(connection) as page_queries:
        client.get(deep.url)
    routing = [q for q in page_queries.captured_queries if '"url_path"' in q["sql"] or "wagtailcore_page" in q["sql"]]
    lookups_by_slug = [q for q in routing if '"slug" =' in q["sql"]]
    assert lookups_by_slug == [], "no child-by-slug walk"


def test_wagtail_view_restrictions_are_still_enforced(client, theme, subtheme, member):
    """Editors may still restrict a page with Wagtail's privacy setting; the shortcut must not skip it."""
    assert client.get(subtheme.url).status_code == 200
    PageViewRestriction.objects.create(page=theme, restriction_type=PageViewRestriction.LOGIN)

    response = client.get(subtheme.url)
    assert response.status_code == 302
    assert "/account/login/" in response["Location"] or "login" in response["Location"]
    client.force_login(member)
    assert client.get(subtheme.url).status_code == 200
