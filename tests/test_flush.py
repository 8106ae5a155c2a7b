"""The quick end of a transactional test (tests/fixtures/flush.py) leaves the database as Django's flush leaves it."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection

from participation import factories
from tests.fixtures.flush import KEPT_TABLES, empty_every_table


def _rows_per_table():
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(f"SELECT %s, (SELECT count(*) FROM {connection.ops.quote_name(t)})" for t in tables),  # noqa: S608
            tables,
        )
        return dict(cursor.fetchall())


def _types_and_permissions():
    return (
        set(ContentType.objects.values_list("app_label", "model")),
        set(Permission.objects.values_list("content_type__app_label", "content_type__model", "codename")),
    )


@pytest.mark.skipif(connection.vendor != "postgresql", reason="other databases keep Django's own flush")
def test_the_quick_flush_leaves_what_djangos_flush_leaves(transactional_db, theme, member, user_factory):
    factories.membership(user=member, theme=theme)
    post = factories.post(author=member, page=theme, title="Na de test weg")
    factories.reaction(post=post, author=user_factory("ander@example.org"))
    factories.star(post=post, user=member)
    before = _rows_per_table()
    assert all(
        before[table] for table in ("wagtailcore_page", "wg_core_user", "participation_post", "participation_star")
    )
    assert sum(1 for count in before.values() if count) > 10

    empty_every_table()

    left = {table: count for table, count in _rows_per_table().items() if count}
    assert set(left) == KEPT_TABLES
    ours = _types_and_permissions()
    assert len(ours[0]) > 100 and len(ours[1]) > 400

    call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=False)

    assert {table for table, count in _rows_per_table().items() if count} == KEPT_TABLES
    assert _types_and_permissions() == ours
