"""The per-organisation plugin switch: tab "Plugins" of the organisation page in the Wagtail admin."""

import pytest
from wagtail.test.utils.form_data import querydict_from_html

from config.plugins import installed_plugins
from themes.models import OrganisationPage, OrganisationPlugin
from werkgroepen_dummy import wagtail_hooks as dummy

DUMMY = "werkgroepen_dummy"


@pytest.fixture
def admin_client(client, superadmin, settings):
    # Staff MFA has its own tests (tests/core); here the superadmin is past it.
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    client.force_login(superadmin)
    # Wagtail derives a tab's id from its translated heading: ask for English so the tab is #tab-plugins.
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def edit_url(page):
    return f"/admin/pages/{page.pk}/edit/"


def edit_form_data(client, page):
    """The page's edit form as the browser would submit it, untouched."""
    response = client.get(edit_url(page))
    assert response.status_code == 200
    return querydict_from_html(response.content.decode(), form_id="page-edit-form")


def set_plugin_rows(data, rows):
    """Replace the plugins formset by `rows` [(plugin, enabled)], keeping the ids of existing rows."""
    existing = int(data.get("plugins-INITIAL_FORMS", 0))
    for index, (plugin, enabled) in enumerate(rows):
        data[f"plugins-{index}-plugin"] = plugin
        data[f"plugins-{index}-ORDER"] = str(index + 1)
        data[f"plugins-{index}-DELETE"] = ""
        if enabled:
            data[f"plugins-{index}-enabled"] = "on"
        else:
            data.pop(f"plugins-{index}-enabled", None)
        if index >= existing:
            data[f"plugins-{index}-id"] = ""
    data["plugins-TOTAL_FORMS"] = str(max(len(rows), existing))
    return data


def publish(client, page, data):
    data["action-publish"] = "action-publish"
    return client.post(edit_url(page), data)


def test_the_choices_are_the_installed_plugins(organisation, superadmin):
    form_class = OrganisationPage.get_edit_handler().get_form_class()
    form = form_class(instance=organisation, for_user=superadmin)

    choices = dict(form.formsets["plugins"].empty_form.fields["plugin"].choices)

    assert choices.pop("") == "---------"
    assert choices[DUMMY] == "Dummy plugin (1.0.0)"
    # Every installed plugin, and only those (the repository's own plugins are installed beside the dummy).
    assert set(choices) == {config.label for config in installed_plugins()}


def test_the_edit_page_has_a_plugins_tab(admin_client, organisation):
    html = admin_client.get(edit_url(organisation)).content.decode()

    assert 'href="#tab-plugins"' in html
    assert "Dummy plugin (1.0.0)" in html


def test_a_superadmin_switches_a_plugin_on_for_one_organisation(admin_client, organisation, other_organisation):
    data = set_plugin_rows(edit_form_data(admin_client, organisation), [(DUMMY, True)])

    response = publish(admin_client, organisation, data)

    assert response.status_code == 302
    assert list(OrganisationPlugin.objects.values_list("organisation", "plugin", "enabled")) == [
        (organisation.pk, DUMMY, True)
    ]
    assert dummy.SECTION_MARKER in admin_client.get(organisation.url).content.decode()
    assert dummy.SECTION_MARKER not in admin_client.get(other_organisation.url).content.decode()


def test_a_superadmin_switches_a_plugin_off_again(admin_client, organisation, switch_plugin):
    switch_plugin(organisation)
    data = set_plugin_rows(edit_form_data(admin_client, organisation), [(DUMMY, False)])

    response = publish(admin_client, organisation, data)

    assert response.status_code == 302
    assert list(OrganisationPlugin.objects.values_list("plugin", "enabled")) == [(DUMMY, False)]
    assert dummy.SECTION_MARKER not in admin_client.get(organisation.url).content.decode()


def test_a_plugin_that_is_not_installed_cannot_be_chosen(admin_client, organisation):
    data = set_plugin_rows(edit_form_data(admin_client, organisation), [("werkgroepen_missing", True)])

    response = publish(admin_client, organisation, data)

    assert response.status_code == 200  # the form again, with the error
    assert not OrganisationPlugin.objects.exists()


def test_the_switch_takes_effect_when_the_page_is_published(admin_client, organisation):
    """Saving a draft keeps the live organisation page (and its plugins) as they are."""
    data = set_plugin_rows(edit_form_data(admin_client, organisation), [(DUMMY, True)])

    response = admin_client.post(edit_url(organisation), data)

    assert response.status_code == 302
    assert not OrganisationPlugin.objects.exists()
    assert dummy.SECTION_MARKER not in admin_client.get(organisation.url).content.decode()


def test_a_member_cannot_switch_plugins(client, member, organisation, settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    client.force_login(member)
    data = {
        "title": organisation.title,
        "slug": organisation.slug,
        "plugins-TOTAL_FORMS": "1",
        "plugins-INITIAL_FORMS": "0",
        "plugins-0-plugin": DUMMY,
        "plugins-0-enabled": "on",
        "action-publish": "action-publish",
    }

    response = client.post(edit_url(organisation), data)

    assert response.status_code in (302, 403)
    assert not OrganisationPlugin.objects.exists()


def test_an_uninstalled_plugin_does_not_block_editing_the_organisation(admin_client, organisation, switch_plugin):
    """A plugin removed from the server leaves its row behind; editors can still publish the page."""
    switch_plugin(organisation, plugin="werkgroepen_gone")
    data = edit_form_data(admin_client, organisation)
    data["title"] = "Gemeente Testdorp (nieuw)"

    response = publish(admin_client, organisation, data)

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.title == "Gemeente Testdorp (nieuw)"
    assert OrganisationPlugin.objects.filter(plugin="werkgroepen_gone").exists()  # kept for a reinstall
    assert "werkgroepen_gone" in admin_client.get(edit_url(organisation)).content.decode()


def test_a_row_of_an_uninstalled_plugin_can_be_deleted(admin_client, organisation, switch_plugin):
    switch_plugin(organisation, plugin="werkgroepen_gone")
    data = edit_form_data(admin_client, organisation)
    data["plugins-0-DELETE"] = "1"

    response = publish(admin_client, organisation, data)

    assert response.status_code == 302
    assert not OrganisationPlugin.objects.exists()
