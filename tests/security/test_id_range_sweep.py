"""No id of 2**63 or more gives a server error, on any URL of the site, for anyone (issue 9 hole 9; SEC-01).

SQLite's driver cannot bind such a number ("Python int too large to convert to SQLite INTEGER"); werkruimte pages,
the moderators' refuse page and Wagtail's editing-session ping passed it to the database and answered 500
(PostgreSQL compares it as a numeric and finds nothing, so there the pages answered 404, 405 or 302 alike; the
sweep runs on both). The sweep takes every URL pattern of the resolver
(tests/security/url_sweep.py), puts 2**63, 2**64 and 10**30 in every id (also after the id of a real space), and
asks each with GET and POST as a visitor, a member, a professional in the space and a superadmin (both with
two-step verification). Every answer is 404, as for an id that does not exist (SEC-01: no difference between
missing and impossible). A NUL byte in a text part of a URL (a token, a slug, a page path) is a 404 as well:
PostgreSQL cannot compare text that holds one.
"""

import re

import pytest
from django.test import Client
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.snippets.models import get_snippet_models

from participation import factories as participation_factories
from tests.conftest import make_organisation, make_other_organisation, make_theme
from tests.fixtures.not_found import one_not_found_page
from tests.fixtures.worlds import built_once, fresh_copy
from tests.security import url_sweep
from tests.trajectories.world import build_world
from themes.models import ThemePage
from trajectories.items.selectors import item_kinds

pytestmark = pytest.mark.django_db

HUGE_IDS = (2**63, 2**64, 10**30)  # one past the largest signed 64-bit integer, and far beyond
PEOPLE = {"visitor": None, "member": "outsider", "participant": "pro_a", "superadmin": "superadmin"}


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The space and its people, built once for the module (tests/fixtures/worlds.py); whatever a request writes is
    rolled back with its test."""
    yield from built_once(django_db_blocker, _build)


def _build():
    organisation, other_organisation = make_organisation(), make_other_organisation()
    theme = make_theme(organisation)
    world = build_world(organisation, other_organisation)
    participation_factories.membership(user=world.users["outsider"], theme=theme)
    return world


@pytest.fixture
def world(built, db):
    return fresh_copy(built)


def client_for(world, who):
    client = Client(raise_request_exception=False, headers={"accept-language": "en"})
    if PEOPLE[who]:
        client.force_login(world.users[PEOPLE[who]])
    return client


def samples():
    """Real values of the site for the text parameters that choose what a page shows."""
    from participation.moderation.queues import QUEUES

    return {
        "segment": sorted({kind.segment for kind in item_kinds()}),  # /werkruimte/<id>/<segment>/<item id>/
        "slug": sorted({queue.slug for queue in QUEUES.values()}),  # /admin/moderatie/<slug>/<pk>/weigeren/
        "kind": ["bericht", "reactie", "lidmaatschap"],  # /admin/moderatie/geschiedenis/<kind>/<pk>/
        "filter_spec": ["original"],
        "name": ["bestand.pdf"],
    }


def models():
    """The models the admin takes by app label and name: settings, snippets and a page type."""
    chosen = [*settings_registry, *get_snippet_models(), ThemePage]
    return sorted({(model._meta.app_label, model._meta.model_name) for model in chosen})


def test_the_sweep_covers_every_kind_of_id_url():
    """The resolver walk finds the pages that failed (werkruimte, moderation admin) and the rest of the site:
    Wagtail's admin, documents, participation, the notification centre (the Django admin is not mounted)."""
    templates = {pattern.template for pattern in url_sweep.all_patterns() if url_sweep.id_params(pattern)}
    for expected in (
        "werkruimte/%(pk)s/",
        "werkruimte/%(pk)s/%(segment)s/%(item_id)s/",
        "werkruimte/%(pk)s/documenten/%(item_id)s/versies/%(number)s/bestand/",
        "admin/moderatie/%(slug)s/%(pk)s/weigeren/",
        "admin/pages/%(page_id)s/edit/",
        "admin/users/edit/%(pk)s/",
        "documents/%(_0)s/%(_1)s",  # a regex pattern: (\d+)/(.*)
        "deelname/berichten/%(pk)s/",
        "account/meldingen/%(pk)s/open/",
    ):
        assert expected in templates, expected
    assert len(templates) > 150


@pytest.fixture(scope="module")
def id_urls(built):
    """The URLs with impossible ids: the same for everyone, so worked out once (the resolver is asked thousands of
    times)."""
    return list(
        url_sweep.urls_with_ids(
            url_sweep.all_patterns(),
            HUGE_IDS,
            samples=samples(),
            models=models(),
            fixed=[("werkruimte/", {"pk": built.space.pk})],
        )
    )


@pytest.fixture(scope="module")
def nul_urls():
    """The URLs with a NUL byte in a text part, worked out once."""
    return list(url_sweep.urls_with_text(url_sweep.all_patterns(), "a\x00b", samples=samples(), models=models()))


@pytest.mark.parametrize("who", PEOPLE)
def test_a_url_with_an_impossible_id_is_a_404_for_everyone(world, id_urls, who):
    client = client_for(world, who)
    urls = list(id_urls)
    assert len(urls) > 500
    assert any(url.startswith(f"/werkruimte/{world.space.pk}/") for _pattern, url in urls)
    wrong = []
    with one_not_found_page() as not_found:  # tests/fixtures/not_found.py
        for _pattern, url in urls:
            for method in ("get", "post"):
                status = getattr(client, method)(url).status_code
                if status != 404:
                    wrong.append((-status, f"{method.upper()} {url} -> {status}"))
    assert not_found.rendered >= 1  # the site's own 404 page was drawn, then reused
    assert not wrong, f"{len(wrong)} answers:\n" + "\n".join(line for _status, line in sorted(wrong)[:80])


# What differs from one answer to the next by design: the address the language form returns to, the form token
# (masked anew for every page) and the script nonce (new for every response).
PER_RESPONSE = re.compile(
    r'<input name="next" type="hidden" value="[^"]*">|name="csrfmiddlewaretoken" value="[^"]*"|nonce="[^"]*"'
)


@pytest.mark.parametrize("who", PEOPLE)
def test_the_not_found_page_is_the_same_for_every_url(world, id_urls, who):
    """What lets the sweeps draw the 404 page once per person (tests/fixtures/not_found.py): it is the same page for
    a missing space item, an impossible id in the admin, a missing post and a path nobody ever made, apart from
    the address the language form returns to and what is new in every response (form token, script nonce)."""
    client = client_for(world, who)
    urls = [
        next(url for _pattern, url in id_urls if url.startswith(f"/werkruimte/{world.space.pk}/")),
        next(url for _pattern, url in id_urls if url.startswith("/admin/")),
        next(url for _pattern, url in id_urls if url.startswith("/deelname/berichten/")),
        "/bestaat-echt-niet/",
    ]
    pages = set()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        html = response.content.decode()
        assert "Page not found" in html
        pages.add(PER_RESPONSE.sub("", html))
    assert len(pages) == 1


@pytest.mark.parametrize("who", ["visitor", "superadmin"])
def test_a_nul_byte_in_a_url_is_a_404(world, nul_urls, who):
    client = client_for(world, who)
    urls = list(nul_urls)
    assert any(url.startswith("/uitnodiging/") for _pattern, url in urls)  # an invitation token
    wrong = [f"{url!r} -> {status}" for _pattern, url in urls if (status := client.get(url).status_code) != 404]
    assert not wrong, "\n".join(wrong[:80])


# Query parameters that take an id, a page number or a cursor somewhere on the site or in Wagtail's admin.
QUERY_PARAMETERS = [
    *("thema", "categorie", "organisatie", "na", "voor", "p", "page", "sort", "tab", "next", "q"),  # ours
    *("id", "pk", "parent", "page_id", "collection_id", "owner", "locale", "content_type", "user", "site"),  # Wagtail
    *("ordering", "status", "o", "e", "_changelist_filters"),  # the Django admin
]
ODD_VALUES = (str(2**63), str(10**30), "-1", "²", "9" * 5000, "a\x00b")


@pytest.mark.parametrize("who", ["member", "participant", "superadmin"])
def test_list_pages_with_impossible_ids_in_their_query_parameters(world, who):
    """Every page without parameters in its path (lists, dashboards, choosers, the admin's indexes), with every
    id-taking query parameter set to an impossible id, a number in another script, thousands of digits or a NUL
    byte (read as a space): no server error; the filter is ignored or the page is a 404."""
    client = client_for(world, who)
    wrong = []
    for pattern in url_sweep.all_patterns():
        if pattern.params or pattern.lookup == "wagtail.admin.views.home.error_test":  # Wagtail's own 500 test page
            continue
        if who != "superadmin" and pattern.template.startswith("admin/"):
            continue
        url = pattern.url({})
        for value in ODD_VALUES:
            status = client.get(url, dict.fromkeys(QUERY_PARAMETERS, value)).status_code
            if status >= 500:
                wrong.append(f"{url} {value[:25]!r} -> {status}")
    assert not wrong, "\n".join(wrong[:80])
