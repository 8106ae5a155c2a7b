"""System checks: a misconfigured plugin stops `manage.py check` (and so migrate, runserver, CI) at start-up."""

import pytest
from django.apps import AppConfig, apps
from django.conf import settings
from django.core.checks import run_checks
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.core.signals import setting_changed
from django.test import override_settings
from wagtail import hooks

from config.hooks import AFTER_POST_PUBLISHED, CATALOGUE, REGISTER_NOTIFICATION_TYPES, REGISTER_THEME_TAB
from config.plugins import plugin_for_module
from core.checks import check_hook_names, check_hook_owners, check_plugins, wagtail_hook_names
from werkgroepen_dummy.apps import DummyPluginConfig


def written_in(module):
    def hook_function(*args, **kwargs):
        return None

    hook_function.__module__ = module
    return hook_function


def ids(errors):
    return [error.id for error in errors]


def test_the_test_site_passes_every_check():
    call_command("check")
    assert not [e for e in run_checks() if e.id.startswith("werkgroepen.")]


def test_an_unknown_hook_name_from_a_plugin_is_rejected():
    fn = written_in("werkgroepen_dummy.wagtail_hooks")

    with hooks.register_temporarily("register_theme_tabs", fn):
        errors = check_hook_names()
        with pytest.raises(SystemCheckError, match="register_theme_tabs"):
            call_command("check")

    assert ids(errors) == ["werkgroepen.E001"]
    assert "werkgroepen_dummy.wagtail_hooks" in errors[0].msg


def test_an_unknown_hook_name_from_the_core_is_rejected():
    with hooks.register_temporarily("after_post_publish", written_in("participation.wagtail_hooks")):
        assert ids(check_hook_names()) == ["werkgroepen.E001"]


def test_other_packages_may_call_hooks_of_their_own():
    """Only our apps and plugins are held to the catalogue; a third-party app's own hooks are its business."""
    with hooks.register_temporarily("register_vendor_thing", written_in("somevendor.wagtail_hooks")):
        assert check_hook_names() == []


@pytest.mark.parametrize("name", sorted(CATALOGUE))
def test_catalogue_hook_names_are_accepted(name):
    with hooks.register_temporarily(name, written_in("werkgroepen_dummy.wagtail_hooks")):
        assert check_hook_names() == []


@pytest.mark.parametrize(
    "name",
    [
        "register_admin_urls",
        "register_admin_menu_item",
        "construct_main_menu",
        "register_settings_menu_item",
        "register_reports_menu_item",
        "register_admin_viewset",
        "register_icons",
        "register_permissions",
        "register_log_actions",
        "register_rich_text_features",
        "insert_global_admin_css",
        "insert_editor_js",
        "before_serve_page",
        "before_serve_document",
        "after_publish_page",
        "after_create_page",
        "before_edit_page",
        "construct_page_listing_buttons",
        "register_page_listing_more_buttons",
        "construct_image_chooser_queryset",
        "construct_explorer_page_queryset",
        "construct_wagtail_userbar",
        "register_admin_search_area",
        "filter_form_submissions_for_user",
    ],
)
def test_wagtails_own_hook_names_are_accepted(name):
    assert name in wagtail_hook_names()
    with hooks.register_temporarily(name, written_in("werkgroepen_dummy.wagtail_hooks")):
        assert check_hook_names() == []


@pytest.fixture
def plain_app(monkeypatch):
    """tests.plugins.plain_app as an installed app. (Wagtail 8's apps cannot be populated twice in one process,
    so override_settings(INSTALLED_APPS=...) is not an option: the app is put into the registry directly.)"""
    config = AppConfig.create("tests.plugins.plain_app")
    config.apps = apps
    monkeypatch.setitem(apps.app_configs, config.label, config)
    return config


def test_a_plugin_without_a_plugin_config_is_rejected(plain_app):
    entry = "tests.plugins.plain_app"
    with override_settings(WERKGROEPEN_PLUGINS=[*settings.WERKGROEPEN_PLUGINS, entry]):
        errors = check_plugins()

    assert ids(errors) == ["werkgroepen.E002"]
    assert entry in errors[0].msg


def test_a_plugin_that_is_not_installed_is_rejected():
    with override_settings(WERKGROEPEN_PLUGINS=[*settings.WERKGROEPEN_PLUGINS, "werkgroepen_missing"]):
        assert ids(check_plugins()) == ["werkgroepen.E002"]


def test_a_plugin_named_by_its_app_config_path_is_accepted():
    entry = "werkgroepen_dummy.apps.DummyPluginConfig"
    with override_settings(WERKGROEPEN_PLUGINS=[entry]):
        assert check_plugins() == []


@pytest.mark.parametrize("specifier", [">=2", ">=0.1,<0.1.0", "version one"])
def test_a_plugin_made_for_another_core_is_rejected(monkeypatch, specifier):
    monkeypatch.setattr(DummyPluginConfig, "werkgroepen_compatibility", specifier)

    errors = check_plugins()

    assert ids(errors) == ["werkgroepen.E004"]
    assert "werkgroepen_dummy" in errors[0].msg


@pytest.mark.parametrize("specifier", ["", ">=0.1", ">=0.1,<1", "~=0.1"])
def test_a_compatible_plugin_is_accepted(monkeypatch, specifier):
    monkeypatch.setattr(DummyPluginConfig, "werkgroepen_compatibility", specifier)

    assert check_plugins() == []


def test_a_scoped_hook_function_owned_by_no_plugin_is_rejected():
    """Such a function would run for every organisation: nobody could switch it off."""
    with hooks.register_temporarily(REGISTER_THEME_TAB, written_in("somevendor.wagtail_hooks")):
        errors = check_hook_owners()

    assert ids(errors) == ["werkgroepen.E003"]
    assert "somevendor.wagtail_hooks" in errors[0].msg


def test_site_wide_and_owned_hook_functions_are_accepted():
    with hooks.register_temporarily(
        [
            (REGISTER_NOTIFICATION_TYPES, written_in("somevendor.wagtail_hooks")),
            (REGISTER_THEME_TAB, written_in("participation.wagtail_hooks")),
            (AFTER_POST_PUBLISHED, written_in("werkgroepen_dummy.signals")),
        ]
    ):
        assert check_hook_owners() == []


def test_plugin_ownership_follows_installed_apps(monkeypatch):
    """plugin_for_module is cached; the cache must not outlive a change of INSTALLED_APPS (Django announces
    such a change with setting_changed, e.g. from override_settings)."""
    assert plugin_for_module("werkgroepen_dummy.wagtail_hooks").label == "werkgroepen_dummy"

    def installed_apps_changed():
        setting_changed.send(sender=None, setting="INSTALLED_APPS", value=None, enter=True)

    with monkeypatch.context() as patch:
        patch.delitem(apps.app_configs, "werkgroepen_dummy")
        installed_apps_changed()
        assert plugin_for_module("werkgroepen_dummy.wagtail_hooks") is None
    installed_apps_changed()

    assert plugin_for_module("werkgroepen_dummy.wagtail_hooks").label == "werkgroepen_dummy"
