"""What visitors see: an installed plugin shows on the pages of organisations that switched it on, and only there."""

import pytest

from themes.factories import theme_page
from themes.models import GroupType
from werkgroepen_dummy import wagtail_hooks as dummy

MARKERS = (dummy.TAB_MARKER, dummy.TAB_LABEL, dummy.SECTION_MARKER, dummy.SECTION_LABEL)


def assert_no_dummy(response):
    assert response.status_code == 200
    html = response.content.decode()
    for marker in MARKERS:
        assert marker not in html


@pytest.fixture
def other_theme(other_organisation):
    return theme_page(title="Wachtlijsten", organisation=other_organisation, group_type=GroupType.OPEN)


def test_an_installed_plugin_nobody_switched_on_shows_nowhere(client, organisation, theme, subtheme):
    for page in (organisation, theme, subtheme):
        assert_no_dummy(client.get(page.url))


def test_a_switched_on_plugin_shows_its_section_on_the_organisation_page(client, organisation, switch_plugin):
    switch_plugin(organisation)

    html = client.get(organisation.url).content.decode()

    assert dummy.SECTION_LABEL in html
    assert f"{dummy.SECTION_MARKER} {organisation.title}" in html


def test_a_switched_on_plugin_shows_its_tab_on_the_organisations_themes(client, theme, subtheme, switch_plugin):
    switch_plugin(theme.organisation)

    for page in (theme, subtheme):
        html = client.get(page.url).content.decode()
        assert dummy.TAB_LABEL in html, "the tab is offered"
        assert dummy.TAB_MARKER not in html, "the posts tab comes first; a tab renders only when opened"
        html = client.get(f"{page.url}?tab=dummy").content.decode()
        assert f"{dummy.TAB_MARKER} {page.title}" in html


def test_a_plugin_switched_on_elsewhere_does_not_show_here(
    client, organisation, theme, other_organisation, other_theme, switch_plugin
):
    switch_plugin(organisation)

    for page in (other_organisation, other_theme):
        assert_no_dummy(client.get(page.url))
    assert dummy.SECTION_MARKER in client.get(organisation.url).content.decode()


def test_a_plugin_switched_off_shows_nowhere(client, organisation, theme, switch_plugin):
    switch_plugin(organisation)
    switch_plugin(organisation, enabled=False)

    for page in (organisation, theme):
        assert_no_dummy(client.get(page.url))


def test_a_signed_in_member_sees_the_same_as_a_visitor(client, member, organisation, theme, switch_plugin):
    switch_plugin(organisation, enabled=False)
    client.force_login(member)

    for page in (organisation, theme):
        assert_no_dummy(client.get(page.url))
