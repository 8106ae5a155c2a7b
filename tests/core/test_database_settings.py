"""PostgreSQL prepares the statements a connection sends again and again (server-side binding, psycopg's
prepare_threshold), unless DATABASE_PREPARED=0 says a pooler in transaction mode is in between (PERF-*)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from core.models import User

ROOT = Path(__file__).resolve().parents[2]
POSTGRES_URL = "postgres://werkgroepen:secret@127.0.0.1:5432/werkgroepen"


def database_options(**env_extra):
    """settings.DATABASES["default"]["OPTIONS"] as the site's settings make them for this environment."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_PREPARED")}
    env.update(env_extra)
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {}), default=str))"
    )
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "shell", "-v", "0", "-c", code],
        capture_output=True,
        text=True,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.dev"},
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_postgresql_binds_parameters_on_the_server_and_prepares_repeated_statements_unless_told_not_to():
    options = database_options(DATABASE_URL=POSTGRES_URL)
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5

    behind_a_pooler = database_options(DATABASE_URL=POSTGRES_URL, DATABASE_PREPARED="0")
    assert "server_side_binding" not in behind_a_pooler
    assert "prepare_threshold" not in behind_a_pooler

    sqlite = database_options()  # no DATABASE_URL: SQLite, whose driver has no such options
    assert "server_side_binding" not in sqlite


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_statement_sent_again_and_again_is_prepared_once_and_answers_the_same(user_factory):
    people = [user_factory(f"lid{n}@example.org") for n in range(6)]

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", ["%wg_core_user%"])
            return cursor.fetchone()[0]

    before = prepared()
    # The same statement with other parameters, as a page asks for each person it shows.
    found = [User.objects.filter(pk=person.pk).values_list("email", flat=True).get() for person in people]
    assert found == [person.email for person in people]
    assert prepared() == before + 1
