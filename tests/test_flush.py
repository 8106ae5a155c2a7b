"""The quick end of a transactional test (tests/fixtures/flush.py): emptied as Django's flush empties it, then given
back the rows the migrations wrote."""

from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction

from participation import factories
from tests.fixtures.flush import KEPT_TABLES, MIGRATED, _snapshots, empty_every_table, restore_migrated_rows


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

    # Django's flush, rolled back: it would give the content types and permissions new ids, which the rows the
    # migrations wrote (written back after every transactional test) refer to.
    with transaction.atomic():
        call_command("flush", verbosity=0, interactive=False, reset_sequences=False, inhibit_post_migrate=False)

        assert {table for table, count in _rows_per_table().items() if count} == KEPT_TABLES
        assert _types_and_permissions() == ours
        transaction.set_rollback(True)


def test_after_a_transactional_test_the_database_is_as_migrated(transactional_db, theme, member):
    """Whatever ran before, the next test on the worker finds what the migrations wrote: the activity types of the
    plugin's data migration, Wagtail's root page, welcome page and site, and nothing a test made."""
    from wagtail.models import Page, Site

    from werkgroepen_activities.activities.models import ActivityType

    factories.post(author=member, page=theme, title="Na de test weg")
    assert {"wagtailcore_page", "wagtailcore_site", "werkgroepen_activities_activitytype"} <= set(
        _snapshots["default", MIGRATED]
    )

    restore_migrated_rows()

    assert ActivityType.objects.count() == 8
    assert list(Page.objects.order_by("depth").values_list("depth", "title")) == [
        (1, "Root"),
        (2, "Welcome to your new Wagtail site!"),
    ]
    assert Site.objects.get().root_page.title == "Welcome to your new Wagtail site!"
    made = {"participation_post", "wg_core_user", "participation_membership"}
    assert not any(count for table, count in _rows_per_table().items() if table in made)
