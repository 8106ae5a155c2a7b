"""Who may change which field of an organisation, theme or subtheme page (issue 9, hole 8; SEC-04, README *Roles*).

A theme moderator runs their group: its texts, categories, filters and moderation settings. An editor builds pages
but does not decide who reads them. Only an organisation admin (or a superadmin) changes a group's type, hides a
page, switches plugins, lists the sites that may embed the widget or sets the observer months. Every test goes
through the real Wagtail edit view: the forged POST carries the forbidden field and the field stays as it was,
while the allowed change in the same request is saved.
"""

import re

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from core.models import Role
from core.roles.services import assign_role
from themes.factories import subtheme_page, theme_page
from themes.models import GroupType, OrganisationPage, OrganisationPlugin, ThemePage

pytestmark = pytest.mark.django_db

DUMMY = "werkgroepen_dummy"  # the test plugin (tests/plugins/dummy_plugin), installed in the test settings


@pytest.fixture(autouse=True)
def _past_staff_mfa(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False  # staff two-step verification has its own tests (tests/core)


@pytest.fixture
def closed(organisation):
    return theme_page(title="Jeugdraad", organisation=organisation, group_type=GroupType.CLOSED)


@pytest.fixture
def role(user_factory):
    """role(kind, page): a person holding the role on `page`, logged in to a client that asks for English."""

    def make(kind, page, client):
        user = user_factory(f"{kind}@example.org")
        if kind == "superadmin":
            assign_role(user=user, role=Role.SUPERADMIN)
        else:
            assign_role(user=user, role=kind, page=page)
        client.force_login(user)
        return user

    return make


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def form_data(client, page, url=None):
    """The edit form as the browser submits it, untouched (an empty content stream, which only JavaScript fills)."""
    response = client.get(url or edit_url(page))
    assert response.status_code == 200
    data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
    if not isinstance(page, OrganisationPage):
        data.setdefault("body-count", "0")
    return data


def field_names(client, page):
    """The names of the inputs the edit form offers (ticked or not)."""
    html = client.get(edit_url(page)).content.decode()
    return {name for name in re.findall(r'name="([^"]+)"', html) if "__prefix__" not in name}


def publish(client, page, data, url=None):
    data["action-publish"] = "action-publish"
    return client.post(url or edit_url(page), data)


def fresh(page):
    return type(page).objects.get(pk=page.pk)


# --- What each role finds in the form ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "present", "absent"),
    [
        (
            Role.MODERATOR,
            ["intro", "goal", "categories-TOTAL_FORMS", "filter_groups-TOTAL_FORMS", "report_threshold"],
            ["group_type", "hidden", "title", "slug", "participating_organisations-TOTAL_FORMS"],
        ),
        (
            Role.EDITOR,
            ["title", "slug", "intro", "categories-TOTAL_FORMS", "participating_organisations-TOTAL_FORMS"],
            ["group_type", "hidden"],
        ),
        (Role.ORGANISATION_ADMIN, ["group_type", "hidden", "title", "intro"], []),
        ("superadmin", ["group_type", "hidden", "title", "intro"], []),
    ],
)
def test_each_role_finds_the_fields_of_its_role_on_a_theme(client, organisation, closed, role, kind, present, absent):
    role(kind, closed if kind == Role.MODERATOR else organisation, client)

    names = field_names(client, closed)

    assert [name for name in present if name not in names] == []
    assert [name for name in absent if name in names] == []


def test_the_type_field_tells_the_organisation_admin_what_a_change_means_before_saving(
    client, organisation, closed, role
):
    role(Role.ORGANISATION_ADMIN, organisation, client)

    html = client.get(edit_url(closed)).content.decode()

    assert "A change never shows the posts that already exist to more people" in html


# --- Forged POSTs through the real edit view -------------------------------------------------------------------------


def test_a_moderator_cannot_open_a_closed_theme_nor_touch_what_is_not_theirs(client, organisation, closed, role):
    """The hole of issue 9: a moderator switched closed → open and published members-only posts."""
    role(Role.MODERATOR, closed, client)
    data = form_data(client, closed)
    data["intro"] = (
        '{"blocks": [{"key": "a", "text": "Nieuwe intro", "type": "unstyled", "depth": 0, "inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'  # noqa: E501
    )
    data["group_type"] = GroupType.OPEN
    data["hidden"] = "on"
    data["title"] = "Gekaapt"
    data["slug"] = "gekaapt"
    data["participating_organisations-TOTAL_FORMS"] = "0"

    response = publish(client, closed, data)

    assert response.status_code == 302
    page = fresh(closed)
    assert (page.group_type, page.hidden, page.title, page.slug) == (GroupType.CLOSED, False, "Jeugdraad", closed.slug)
    assert "Nieuwe intro" in page.intro, "what the moderator may change is saved"


def test_a_moderator_keeps_the_categories_of_their_theme(client, closed, role):
    role(Role.MODERATOR, closed, client)
    data = form_data(client, closed)
    data.update(
        {
            "categories-TOTAL_FORMS": "1",
            "categories-0-id": "",
            "categories-0-name": "Vraag",
            "categories-0-description": "",
            "categories-0-icon": "help",
            "categories-0-ORDER": "1",
            "categories-0-DELETE": "",
        }
    )

    assert publish(client, closed, data).status_code == 302
    assert list(fresh(closed).categories.values_list("name", flat=True)) == ["Vraag"]


def test_an_editor_cannot_change_the_type_or_hide_a_theme(client, organisation, closed, role):
    role(Role.EDITOR, organisation, client)
    data = form_data(client, closed)
    data["group_type"] = GroupType.OPEN
    data["hidden"] = "on"
    data["title"] = "Jeugdraad Testdorp"

    assert publish(client, closed, data).status_code == 302

    page = fresh(closed)
    assert (page.group_type, page.hidden) == (GroupType.CLOSED, False)
    assert page.title == "Jeugdraad Testdorp", "the editor's own change is saved"


def test_a_moderator_cannot_change_a_subthemes_type(client, closed, role):
    sub = subtheme_page(title="Werkgroep feestjes", theme=closed)
    role(Role.MODERATOR, closed, client)
    data = form_data(client, sub)
    data["group_type"] = GroupType.OPEN

    assert publish(client, sub, data).status_code == 302
    assert fresh(sub).group_type == "" and fresh(sub).effective_group_type == GroupType.CLOSED


def test_reverting_to_an_old_revision_does_not_bring_back_a_type_the_role_may_not_set(
    client, organisation, closed, role
):
    """An old revision from when the theme was open: a moderator who reverts to it keeps the theme closed."""
    closed.group_type = GroupType.OPEN
    old = closed.save_revision()
    old.publish()
    closed = fresh(closed)
    closed.group_type = GroupType.CLOSED
    closed.save_revision().publish()
    role(Role.MODERATOR, closed, client)
    url = f"/admin/pages/{closed.pk}/revisions/{old.pk}/revert/"
    data = form_data(client, closed, url=url)

    assert publish(client, closed, data, url=url).status_code == 302
    assert fresh(closed).group_type == GroupType.CLOSED


@pytest.mark.parametrize("kind", [Role.EDITOR, Role.MODERATOR])
def test_an_editor_or_moderator_cannot_change_what_the_organisation_admin_decides(
    client, organisation, closed, role, kind
):
    role(kind, organisation, client)
    data = form_data(client, organisation)
    data.update(
        {
            "hidden": "on",
            "embed_origins": "https://elders.example",
            "observer_update_months": "1",
            "plugins-TOTAL_FORMS": "1",
            "plugins-INITIAL_FORMS": "0",
            "plugins-0-id": "",
            "plugins-0-plugin": DUMMY,
            "plugins-0-enabled": "on",
            "plugins-0-ORDER": "1",
            "plugins-0-DELETE": "",
            "brand_colour": "#2e6930",
        }
    )

    assert publish(client, organisation, data).status_code == 302

    page = fresh(organisation)
    assert (page.hidden, page.embed_origins, page.observer_update_months) == (False, "", 3)
    assert not OrganisationPlugin.objects.exists()
    assert page.brand_colour == ("#2e6930" if kind == Role.EDITOR else "#1f4e79"), "an editor builds the page"


def test_the_organisation_admin_changes_what_is_theirs(client, organisation, closed, role):
    role(Role.ORGANISATION_ADMIN, organisation, client)
    data = form_data(client, organisation)
    data.update(
        {
            "embed_origins": "https://www.testdorp.be",
            "observer_update_months": "6",
            "plugins-TOTAL_FORMS": "1",
            "plugins-INITIAL_FORMS": "0",
            "plugins-0-id": "",
            "plugins-0-plugin": DUMMY,
            "plugins-0-enabled": "on",
            "plugins-0-ORDER": "1",
            "plugins-0-DELETE": "",
        }
    )

    assert publish(client, organisation, data).status_code == 302

    page = fresh(organisation)
    assert (page.embed_origins, page.observer_update_months) == ("https://www.testdorp.be", 6)
    assert list(OrganisationPlugin.objects.values_list("plugin", flat=True)) == [DUMMY]


def test_the_organisation_admin_changes_the_type_and_is_told_what_it_means(client, organisation, closed, role):
    role(Role.ORGANISATION_ADMIN, organisation, client)
    data = form_data(client, closed)
    data["group_type"] = GroupType.OPEN
    data["hidden"] = "on"

    response = publish(client, closed, data)
    assert response.status_code == 302
    told = client.get(response["Location"]).content.decode()

    page = fresh(closed)
    assert (page.group_type, page.hidden) == (GroupType.OPEN, True)
    assert "is now an open working group. Posts written for members stay readable only by the members" in told


def test_an_editor_chooses_the_type_of_a_theme_they_create(client, organisation, role):
    """A new theme has no posts: its creator sets the type; changing it later is for the organisation admin."""
    role(Role.EDITOR, organisation, client)
    url = f"/admin/pages/add/wg_themes/themepage/{organisation.pk}/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    assert "group_type" in data and "hidden" not in data
    data.update(
        {
            "title": "Nieuw thema",
            "slug": "nieuw-thema",
            "group_type": GroupType.CLOSED,
            "hidden": "on",
            "body-count": "0",
        }
    )

    response = client.post(url, {**data.dict(), "action-publish": "action-publish"})

    assert response.status_code == 302
    created = ThemePage.objects.get(title="Nieuw thema")
    assert (created.group_type, created.hidden) == (GroupType.CLOSED, False)


def test_roles_elsewhere_give_no_rights_here(client, other_organisation, closed, role):
    """An organisation admin of another organisation is no organisation admin here: no edit view at all."""
    role(Role.ORGANISATION_ADMIN, other_organisation, client)
    data = {"title": "Gekaapt", "slug": "gekaapt", "group_type": GroupType.OPEN, "action-publish": "1"}

    assert client.get(edit_url(closed)).status_code in (302, 403)
    assert client.post(edit_url(closed), data).status_code in (302, 403)
    assert (fresh(closed).title, fresh(closed).group_type) == ("Jeugdraad", GroupType.CLOSED)
