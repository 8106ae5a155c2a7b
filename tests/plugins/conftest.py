"""Fixtures for the plugin tests: the dummy plugin (tests/plugins/dummy_plugin) and its switch per organisation."""

import pytest

from themes.models import OrganisationPlugin
from werkgroepen_dummy import wagtail_hooks as dummy

DUMMY = "werkgroepen_dummy"  # the dummy plugin's app label


@pytest.fixture
def dummy_calls():
    """What the dummy plugin's after-the-fact hooks recorded during the test."""
    dummy.CALLS.clear()
    yield dummy.CALLS
    dummy.CALLS.clear()


@pytest.fixture
def switch_plugin():
    """switch_plugin(organisation, enabled=True): an OrganisationPlugin row for the dummy, as the admin saves it."""

    def switch(organisation, *, enabled=True, plugin=DUMMY):
        row, _ = OrganisationPlugin.objects.update_or_create(
            organisation=organisation, plugin=plugin, defaults={"enabled": enabled}
        )
        return row

    return switch
