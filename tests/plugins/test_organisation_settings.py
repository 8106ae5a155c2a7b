"""A plugin's settings per organisation (``register_organisation_settings``): edited on the Plugins tab of the
organisation page, on the plugin's row, by those who may switch plugins; stored as JSON on the row; read back with
``OrganisationPage.plugin_settings``."""

import pytest
from django.test import Client

from core.models import Role
from core.roles.services import assign_role
from tests.plugins.test_admin import edit_form_data, edit_url, publish
from themes.models import OrganisationPage, OrganisationPlugin
from werkgroepen_dummy import wagtail_hooks as dummy

DUMMY = "werkgroepen_dummy"
GREETING = "plugins-0-settings-greeting"
ROWS = "plugins-0-settings-rows"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


def settings_data(client, organisation, **values):
    """The edit form as the browser sends it (a ticked box sends "on"; the parser reads its missing value as ""),
    with the dummy's settings filled in."""
    data = edit_form_data(client, organisation)
    if "plugins-0-enabled" in data:
        data["plugins-0-enabled"] = "on"
    data.update(values)
    return data


def client_for(person):
    client = Client(headers={"accept-language": "en"})
    client.force_login(person)
    return client


def fresh(organisation):
    return OrganisationPage.objects.get(pk=organisation.pk)


@pytest.fixture
def org_admin(user_factory, organisation):
    person = user_factory("beheer@example.org", "Beheer")
    assign_role(user=person, role=Role.ORGANISATION_ADMIN, page=organisation)
    return person


def test_nothing_saved_reads_the_forms_initial_values(organisation, switch_plugin):
    switch_plugin(organisation)

    assert fresh(organisation).plugin_settings(DUMMY) == {"greeting": "Hallo", "rows": 3}
    assert fresh(organisation).plugin_settings("werkgroepen_without_settings") == {}


def test_the_plugin_row_shows_its_settings_form(superadmin, organisation, switch_plugin):
    switch_plugin(organisation)

    html = client_for(superadmin).get(edit_url(organisation)).content.decode()

    assert "Settings: Dummy-instellingen" in html
    assert f'name="{GREETING}"' in html and 'value="Hallo"' in html


def test_a_new_row_has_no_settings_until_its_plugin_is_saved(superadmin, organisation):
    html = client_for(superadmin).get(edit_url(organisation)).content.decode()

    assert "Dummy-instellingen" not in html


def test_an_organisation_admin_saves_the_settings_and_the_plugin_reads_them(org_admin, organisation, switch_plugin):
    switch_plugin(organisation)
    client = client_for(org_admin)
    data = settings_data(client, organisation, **{GREETING: "Goedendag", ROWS: "5"})

    response = publish(client, organisation, data)

    assert response.status_code == 302
    assert OrganisationPlugin.objects.get().settings == {"greeting": "Goedendag", "rows": 5}
    assert fresh(organisation).plugin_settings(DUMMY) == {"greeting": "Goedendag", "rows": 5}
    page = client.get(f"/dummy-plugin/{organisation.pk}/").content.decode()
    assert dummy.PAGE_MARKER in page and "Goedendag" in page
    assert 'value="Goedendag"' in client.get(edit_url(organisation)).content.decode()


def test_invalid_settings_are_refused_with_the_error_and_nothing_lost(superadmin, organisation, switch_plugin):
    switch_plugin(organisation)
    client = client_for(superadmin)
    data = settings_data(client, organisation, **{GREETING: "Goedemorgen", ROWS: "50"})

    response = publish(client, organisation, data)

    assert response.status_code == 200  # the form again
    html = response.content.decode()
    assert "Check the settings of this plugin." in html
    assert "Ensure this value is less than or equal to 10." in html
    assert 'value="Goedemorgen"' in html and 'value="50"' in html
    assert OrganisationPlugin.objects.get().settings == {}


def test_settings_of_one_organisation_stay_there(superadmin, organisation, other_organisation, switch_plugin):
    switch_plugin(organisation)
    switch_plugin(other_organisation)
    client = client_for(superadmin)
    data = settings_data(client, organisation, **{GREETING: "Alleen hier"})

    publish(client, organisation, data)

    assert fresh(organisation).plugin_settings(DUMMY)["greeting"] == "Alleen hier"
    assert fresh(other_organisation).plugin_settings(DUMMY)["greeting"] == "Hallo"


def test_an_editor_neither_sees_nor_changes_the_settings(user_factory, superadmin, organisation, switch_plugin):
    """Only who may switch plugins (organisation admins, superadmins: themes.page_rights) edits their settings."""
    switch_plugin(organisation)
    OrganisationPlugin.objects.filter(organisation=organisation).update(settings={"greeting": "Bewaard", "rows": 3})
    editor = user_factory("redacteur@example.org", "Redacteur")
    assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client = client_for(editor)
    html = client.get(edit_url(organisation)).content.decode()
    assert "Dummy-instellingen" not in html and GREETING not in html

    data = edit_form_data(client, organisation)
    data.update({"plugins-TOTAL_FORMS": "1", "plugins-INITIAL_FORMS": "1", GREETING: "Vervalst", ROWS: "9"})
    data["plugins-0-id"] = str(OrganisationPlugin.objects.get().pk)
    data["plugins-0-plugin"], data["plugins-0-enabled"] = DUMMY, "on"
    publish(client, organisation, data)

    assert OrganisationPlugin.objects.get().settings == {"greeting": "Bewaard", "rows": 3}
    assert fresh(organisation).plugin_settings(DUMMY)["greeting"] == "Bewaard"


def test_the_plugins_page_answers_404_where_it_is_off(client, organisation, other_organisation, switch_plugin):
    """A plugin's mounted pages (register_urls) check the organisation's switch themselves."""
    switch_plugin(organisation)
    switch_plugin(other_organisation, enabled=False)

    assert client.get(f"/dummy-plugin/{organisation.pk}/").status_code == 200
    assert client.get(f"/dummy-plugin/{other_organisation.pk}/").status_code == 404
