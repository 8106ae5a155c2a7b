"""Plugin discovery: entry points of installed distributions become apps, minus WERKGROEPEN_PLUGINS_EXCLUDE."""

import os
import subprocess
import sys
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from django.apps import apps
from django.conf import settings

from config import plugins
from config.plugins import ENTRY_POINT_GROUP, PluginConfig, discover_plugins, installed_plugins, plugin_for_module
from werkgroepen_dummy.apps import DummyPluginConfig

ROOT = Path(__file__).resolve().parents[2]


def test_the_dummy_distribution_declares_its_entry_point():
    """The real installed metadata (not a mock) carries the dummy's entry point in our group."""
    found = {ep.name: ep.value for ep in entry_points(group=ENTRY_POINT_GROUP)}

    assert found.get("dummy") == "werkgroepen_dummy"


def test_discovery_finds_the_dummy_plugin():
    assert "werkgroepen_dummy" in discover_plugins()


def test_discovery_excludes_by_entry_point_name_or_module():
    assert "werkgroepen_dummy" not in discover_plugins(exclude=["dummy"])
    assert "werkgroepen_dummy" not in discover_plugins(exclude=["werkgroepen_dummy"])


def test_excluding_something_else_keeps_the_dummy():
    assert "werkgroepen_dummy" in discover_plugins(exclude=["activities", "werkgroepen_dumm", " "])


def test_test_settings_install_the_dummy_as_a_plugin():
    assert "werkgroepen_dummy" in settings.WERKGROEPEN_PLUGINS
    assert "werkgroepen_dummy" in settings.INSTALLED_APPS
    config = apps.get_app_config("werkgroepen_dummy")
    assert isinstance(config, DummyPluginConfig)
    assert isinstance(config, PluginConfig)
    assert config in installed_plugins()


def test_core_apps_are_not_plugins():
    labels = {config.label for config in installed_plugins()}

    assert "werkgroepen_dummy" in labels
    assert not labels & {"wg_core", "wg_themes", "participation", "trajectories", "wagtailcore"}


def test_plugin_for_module_finds_the_owning_plugin():
    assert plugin_for_module("werkgroepen_dummy").label == "werkgroepen_dummy"
    assert plugin_for_module("werkgroepen_dummy.wagtail_hooks").label == "werkgroepen_dummy"
    # A package that merely starts with the same letters is not part of the plugin.
    assert plugin_for_module("werkgroepen_dummy_extra.wagtail_hooks") is None
    assert plugin_for_module("themes.models") is None
    assert plugin_for_module("") is None


def _installed_apps_of(settings_module, **env):
    """INSTALLED_APPS of a settings module, loaded in a fresh interpreter with `env`."""
    code = f"import sys; sys.path[:0] = ['site', '.']\nimport {settings_module} as s; print(','.join(s.INSTALLED_APPS))"
    environment = {key: value for key, value in os.environ.items() if key != "WERKGROEPEN_PLUGINS_EXCLUDE"}
    environment.update(
        env,
        DJANGO_SECRET_KEY="x" * 60,
        DJANGO_ALLOWED_HOSTS="example.org",
        WERKGROEPEN_MFA_KEYS="2kqLmZqSDLvI4vKXZ-Aq-9ulQlVhEPZ2dRfnkLBOMmQ=",  # production needs one (core/mfa.py)
        WERKGROEPEN_ROOT_URL="https://example.org",  # and the root of its links in mail
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().split(",")


def test_the_dummy_stays_out_of_the_demo_and_production_sites():
    """The dummy is installed in the same virtualenv by `make setup`; only the tests load it."""
    assert "werkgroepen_dummy" not in _installed_apps_of("config.settings.dev")
    assert "werkgroepen_dummy" not in _installed_apps_of("config.settings.production")


def test_the_exclude_setting_comes_from_the_environment():
    assert "werkgroepen_dummy" in _installed_apps_of("config.settings.dev", WERKGROEPEN_PLUGINS_EXCLUDE="")
    assert "werkgroepen_dummy" not in _installed_apps_of(
        "config.settings.production", WERKGROEPEN_PLUGINS_EXCLUDE="activities, werkgroepen_dummy"
    )


def test_an_entry_point_may_name_the_app_config_and_duplicates_count_once(monkeypatch):
    found = [
        EntryPoint(name="beta", value="werkgroepen_beta.apps:BetaConfig", group=ENTRY_POINT_GROUP),
        EntryPoint(name="alpha", value="werkgroepen_alpha", group=ENTRY_POINT_GROUP),
        EntryPoint(name="alpha", value="werkgroepen_alpha", group=ENTRY_POINT_GROUP),  # same dist twice on sys.path
    ]
    monkeypatch.setattr(plugins, "entry_points", lambda group: found if group == ENTRY_POINT_GROUP else [])

    assert discover_plugins() == ["werkgroepen_alpha", "werkgroepen_beta.apps.BetaConfig"]
    assert discover_plugins(exclude=["beta"]) == ["werkgroepen_alpha"]
    assert discover_plugins(exclude=["werkgroepen_beta"]) == ["werkgroepen_alpha"]
    assert discover_plugins(exclude=["werkgroepen"]) == ["werkgroepen_alpha", "werkgroepen_beta.apps.BetaConfig"]
    assert discover_plugins(exclude=["werkgroepen_beta.apps.BetaConfig", "alpha"]) == []
