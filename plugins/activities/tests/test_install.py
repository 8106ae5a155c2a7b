"""The plugin is its own distribution: the site finds it through its entry point, its migrations apply, and a site
without it (left out through WERKGROEPEN_PLUGINS_EXCLUDE, as if it were not installed) runs with no trace of it."""

import os
import subprocess
import sys
from pathlib import Path

from django.apps import apps
from django.db import connection

from config.plugins import discover_plugins, installed_plugins

ROOT = Path(__file__).resolve().parents[3]


def test_the_entry_point_is_found_and_the_app_installed():
    assert "werkgroepen_activities" in discover_plugins()
    config = apps.get_app_config("werkgroepen_activities")
    assert config in installed_plugins()
    assert config.compatibility_problem() == ""


def test_its_migrations_applied(db):
    tables = set(connection.introspection.table_names())
    assert {"werkgroepen_activities_activity", "werkgroepen_activities_feedimport"} <= tables
    from werkgroepen_activities.activities.models import ActivityType

    assert ActivityType.objects.count() == 8  # the data migration's types


SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.urls import resolve
assert "werkgroepen_activities" not in settings.INSTALLED_APPS, settings.INSTALLED_APPS
# Wagtail's page serving answers every path nobody else claimed: the plugin's views must be gone.
match = resolve("/activiteiten/gemeente-houtem/grondgebied/")
assert "werkgroepen_activities" not in match.func.__module__ and match.namespace != "werkgroepen_activities", match
from config.hooks import CATALOGUE
from wagtail import hooks
for name in CATALOGUE:
    for fn in hooks.get_hooks(name):
        assert "werkgroepen_activities" not in fn.__module__, (name, fn)
call_command("check", fail_level="ERROR")
print("NO TRACE")
"""


def test_with_the_plugin_its_urls_are_mounted():
    from django.urls import resolve

    assert resolve("/activiteiten/gemeente-houtem/grondgebied/").namespace == "werkgroepen_activities"


def test_a_site_without_the_plugin_runs_and_shows_no_trace_of_it():
    env = dict(os.environ, WERKGROEPEN_PLUGINS_EXCLUDE="activities", DJANGO_SETTINGS_MODULE="config.settings.test")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "site"), str(ROOT)])
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "NO TRACE" in result.stdout
