"""PostgreSQL prepares the statements a connection sends again and again (server-side binding, psycopg's
prepare_threshold), unless DATABASE_PREPARED=0 says a pooler in transaction mode is in between (PERF-*)."""

import os

import pytest
from django.conf import settings
from django.db import connection

from config.settings.base import database_from_url
from core.models import User

POSTGRES_URL = "postgres://werkgroepen:secret@127.0.0.1:5432/werkgroepen"


def test_postgresql_binds_parameters_on_the_server_and_prepares_repeated_statements_unless_told_not_to():
    options = database_from_url(POSTGRES_URL)["OPTIONS"]
    assert options["server_side_binding"] is True
    assert options["prepare_threshold"] == 5

    behind_a_pooler = database_from_url(POSTGRES_URL, prepared=False).get("OPTIONS", {})
    assert "server_side_binding" not in behind_a_pooler
    assert "prepare_threshold" not in behind_a_pooler

    sqlite = database_from_url("sqlite:////tmp/werkgroepen.sqlite3").get("OPTIONS", {})  # its driver has neither
    assert "server_side_binding" not in sqlite
    assert "prepare_threshold" not in sqlite


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the settings of a run on PostgreSQL")
@pytest.mark.skipif(os.environ.get("DATABASE_PREPARED") is not None, reason="DATABASE_PREPARED is set for this run")
def test_the_site_on_postgresql_uses_them():
    assert settings.DATABASES["default"]["OPTIONS"]["server_side_binding"] is True


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_a_statement_sent_again_and_again_is_prepared_once_and_answers_the_same(user_factory):
    people = [user_factory(f"lid{n}@example.org") for n in range(6)]

    def prepared():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s", [f"%{shape}%"])
            return cursor.fetchone()[0]

    # A shape of statement no other test sends (this order of columns), with other parameters each time, as a page
    # asks for each person it shows.
    shape = '"wg_core_user"."display_name" AS "display_name", "wg_core_user"."is_staff" AS "is_staff"'
    before = prepared()
    found = [
        User.objects.filter(pk=person.pk).values_list("display_name", "is_staff", "email").get() for person in people
    ]
    assert [email for _name, _staff, email in found] == [person.email for person in people]
    assert prepared() == before + 1
