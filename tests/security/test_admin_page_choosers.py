"""Page choosers and the page explorer in the admin follow the site's page rule (issue 9, hole 10; SEC-02, SEC-21).

A hidden theme exists only for superadmins and people with a role on that part of the tree (core.pages.selectors). Its
title must not reach an editor of another organisation or the moderator of a sibling theme through any admin page
listing: the page chooser (browsing, browsing into it by id, searching, the "chosen" endpoint), the explorer and
its search, and the admin's page API. An unpublished draft is kept out the same way, except for the people who
build that part of the tree. The people whose role covers the hidden theme still find it (the nearest allowed case).
"""

import pytest
from django.test import Client

from core.models import Role
from core.roles.services import assign_role
from tests.conftest import make_organisation, make_other_organisation, make_user
from tests.fixtures.worlds import built_once, fresh_copy
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

HIDDEN = "Geheimthema Begroting"
DRAFT = "Conceptthema Ontwerp"
VISIBLE = "Zichtbaar thema Mobiliteit"


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The tree, built once for the module (tests/fixtures/worlds.py); the tests only read it. Staff two-step
    verification has its own tests (tests/core): not asked here."""
    yield from built_once(
        django_db_blocker,
        lambda: _build(make_organisation(), make_other_organisation(), make_user),
        WERKGROEPEN_REQUIRE_STAFF_MFA=False,
    )


@pytest.fixture
def tree(built, db):
    return fresh_copy(built)


def _build(organisation, other_organisation, user_factory):
    visible = theme_page(title=VISIBLE, organisation=organisation, group_type=GroupType.OPEN)
    hidden = theme_page(title=HIDDEN, organisation=organisation, group_type=GroupType.CLOSED, hidden=True)
    draft = theme_page(title=DRAFT, organisation=organisation, group_type=GroupType.OPEN)
    draft.unpublish()
    people = {}

    def person(key, role, page):
        people[key] = user_factory(f"{key}@example.org")
        assign_role(user=people[key], role=role, page=page)

    person("editor_elsewhere", Role.EDITOR, other_organisation)
    person("sibling_moderator", Role.MODERATOR, visible)
    person("hidden_moderator", Role.MODERATOR, hidden)
    person("editor_here", Role.EDITOR, organisation)
    person("organisation_admin", Role.ORGANISATION_ADMIN, organisation)
    person("superadmin", Role.SUPERADMIN, None)
    return {"organisation": organisation, "visible": visible, "hidden": hidden, "draft": draft, "people": people}


def admin_client(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def listings(tree):
    """(name, url) of every admin answer that lists pages or names a chosen one."""
    organisation, hidden, draft = tree["organisation"], tree["hidden"], tree["draft"]
    return [
        ("chooser: browse the organisation", f"/admin/choose-page/{organisation.pk}/"),
        ("chooser: browse for themes", "/admin/choose-page/?page_type=wg_themes.themepage"),
        ("chooser: browse into the hidden theme", f"/admin/choose-page/{hidden.pk}/"),
        ("chooser: browse into the draft", f"/admin/choose-page/{draft.pk}/"),
        ("chooser: search", "/admin/choose-page/search/?q=Geheimthema"),
        ("chooser: search for drafts", "/admin/choose-page/search/?q=Conceptthema"),
        ("chooser: search for themes", "/admin/choose-page/search/?q=thema&page_type=wg_themes.themepage"),
        ("chooser: chosen", f"/admin/choose-page/chosen-multiple/?id={hidden.pk}&id={draft.pk}"),
        ("explorer: the organisation", f"/admin/pages/{organisation.pk}/"),
        ("explorer: search", "/admin/pages/search/?q=thema"),
        ("explorer: the hidden theme", f"/admin/pages/{hidden.pk}/"),
        ("page API: children", f"/admin/api/main/pages/?child_of={organisation.pk}&for_explorer=1"),
        ("page API: the hidden theme", f"/admin/api/main/pages/{hidden.pk}/"),
    ]


@pytest.mark.parametrize(
    ("key", "sees_hidden", "sees_draft"),
    [
        ("editor_elsewhere", False, False),
        ("sibling_moderator", False, False),
        ("hidden_moderator", True, False),
        ("editor_here", True, True),
        ("organisation_admin", True, True),
        ("superadmin", True, True),
    ],
)
def test_admin_page_listings_show_a_hidden_theme_only_to_who_may_see_it(tree, key, sees_hidden, sees_draft):
    client = admin_client(tree["people"][key])
    leaks = []
    for name, url in listings(tree):
        response = client.get(url)
        assert response.status_code in (200, 302, 400, 403, 404), (name, response.status_code)
        text = response.content.decode()
        if HIDDEN in text and not sees_hidden:
            leaks.append(f"{name}: hidden theme shown")
        if DRAFT in text and not sees_draft:
            leaks.append(f"{name}: draft shown")
    assert not leaks, f"{key}:\n" + "\n".join(leaks)


@pytest.mark.parametrize("key", ["editor_elsewhere", "sibling_moderator"])
def test_the_chooser_still_lists_and_finds_what_the_person_may_see(tree, key):
    """The filter narrows, it does not empty: the visible theme is listed and found by the same people."""
    client = admin_client(tree["people"][key])

    browse = client.get(f"/admin/choose-page/{tree['organisation'].pk}/").content.decode()
    search = client.get("/admin/choose-page/search/?q=Mobiliteit").content.decode()

    assert VISIBLE in browse and VISIBLE in search
    assert HIDDEN not in browse


@pytest.mark.parametrize("key", ["editor_elsewhere", "sibling_moderator"])
def test_browsing_into_a_hidden_theme_answers_like_a_missing_page(tree, key):
    client = admin_client(tree["people"][key])

    hidden = client.get(f"/admin/choose-page/{tree['hidden'].pk}/")
    missing = client.get("/admin/choose-page/999999/")

    assert hidden.status_code == missing.status_code == 404
    assert HIDDEN not in hidden.content.decode()


def test_the_chosen_endpoint_answers_only_for_visible_pages(tree):
    client = admin_client(tree["people"]["editor_elsewhere"])

    text = client.get(
        f"/admin/choose-page/chosen-multiple/?id={tree['hidden'].pk}&id={tree['visible'].pk}&id=99999999999"
    ).content.decode()

    assert VISIBLE in text
    assert HIDDEN not in text
    # Something that is no id at all is a page that does not exist (core.middleware.BadInputMiddleware).
    for junk in ("x", "99999999999999999999"):
        response = client.get(f"/admin/choose-page/chosen-multiple/?id={tree['visible'].pk}&id={junk}")
        assert response.status_code == 404
        assert HIDDEN not in response.content.decode()
