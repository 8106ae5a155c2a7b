"""The plugin's tests run on the site's test database (tests/fixtures/database.py), not on one pytest-django would
make and migrate for this folder halfway through the run."""

from django.db import connection


def test_the_plugins_tests_run_on_the_sites_test_database(django_db_setup):
    assert django_db_setup == connection.settings_dict["NAME"]
