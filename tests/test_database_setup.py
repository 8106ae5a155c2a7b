"""Under pytest-xdist on PostgreSQL every worker runs on a copy of one database migrated once (tests/fixtures/
database.py): the copy holds every migration and the rows the migrations wrote, like a database migrated itself, and
the template is gone once every worker has its copy."""

import re

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Locale, Page

pytestmark = pytest.mark.django_db


def test_a_worker_runs_on_its_copy_of_the_runs_template_with_every_migration_applied(request):
    worker = getattr(request.config, "workerinput", None)
    if worker is None or connection.vendor != "postgresql" or request.config.getoption("reuse_db"):
        pytest.skip("copies are made for pytest-xdist workers on PostgreSQL (otherwise each database is migrated)")
    name = connection.settings_dict["NAME"]
    assert re.fullmatch(rf"test_\w+_{worker['workerid']}", name), name  # pytest-django's name for it
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        assert cursor.fetchone()[0] == name

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []  # nothing left to apply
    # What migrations and their post_migrate signal wrote is there.
    assert Locale.objects.exists()
    assert Page.get_first_root_node() is not None
    assert Permission.objects.filter(codename="access_admin").exists()


def test_the_site_sets_the_database_up_and_names_it(django_db_setup):
    """django_db_setup is the site's (tests/fixtures/database.py, a plugin of the suite, so the plugins' test folders
    get it too: pytest-django's own would make and migrate another database halfway through the run)."""
    assert django_db_setup == connection.settings_dict["NAME"]
