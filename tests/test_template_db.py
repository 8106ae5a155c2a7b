"""The migrated template database that pytest-xdist workers copy on PostgreSQL (tests/fixtures/template_db.py)."""

import os
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.core.outbox import test_crash
from tests.fixtures import template_db
from tests.fixtures.template_db import first_without_database, waiting_first


@dataclass(frozen=True)
class Item:
    name: str
    database: bool


def _items(pattern):
    """Items from a pattern: "D" needs the database, "-" does not."""
    return [Item(f"t{index}", kind == "D") for index, kind in enumerate(pattern)]


def _stretches(items, workers):
    """What pytest-xdist's worksteal sends each worker first (xdist/scheduler/worksteal.py, check_schedule)."""
    stretches, pending = [], list(items)
    for index in range(workers):
        size = len(pending) // (workers - index)
        stretches.append(pending[:size])
        del pending[:size]
    return stretches


@pytest.mark.parametrize(
    ("pattern", "workers"),
    [("DDDDDD----", 2), ("D-D-D-DDDDDDD", 2), ("DDDDDDDDDDD---", 3), ("---DDDDDDDDDDDDDDDDDDDD-", 2)],
)
def test_every_worker_starts_with_its_share_of_the_tests_without_a_database(pattern, workers):
    items = _items(pattern)
    ordered = first_without_database(items, workers, lambda item: item.database)

    assert sorted(ordered, key=lambda item: item.name) == sorted(items, key=lambda item: item.name)
    # The tests that need the database keep pytest-django's order (plain before transactional).
    assert [item for item in ordered if item.database] == [item for item in items if item.database]
    without = pattern.count("-")
    for stretch in _stretches(ordered, workers):
        opening = [item.database for item in stretch[: without // workers]]
        assert opening == [False] * len(opening)
        assert stretch[-1].database  # and it goes on with database tests


def test_one_worker_or_one_kind_of_test_keeps_the_order():
    for pattern, workers in [("D-D-", 1), ("DDDD", 2), ("----", 2)]:
        items = _items(pattern)
        assert first_without_database(items, workers, lambda item: item.database) == items


def test_a_test_that_mostly_waits_runs_among_the_first_database_tests_not_last():
    """The outbox crash test (transactional, so last in pytest-django's order) waits 10 s on its worker processes:
    it opens the first worker's database tests, and everything else keeps its order."""
    items = _items("DDDDDDD---DDDDD")
    waiting = items[-1]
    ordered = first_without_database(waiting_first(items, lambda item: item is waiting), 2, lambda item: item.database)

    assert sorted(ordered, key=lambda item: item.name) == sorted(items, key=lambda item: item.name)
    first = _stretches(ordered, 2)[0]
    assert [item.database for item in first[:1]] == [False]  # its share without a database still comes first
    assert next(item for item in first if item.database) is waiting
    assert [item for item in ordered if item.database and item is not waiting] == [
        item for item in items if item.database and item is not waiting
    ]
    assert ordered[-1] is not waiting
    # Nothing marked: the order is the one without the marker.
    assert waiting_first(items, lambda item: False) == items


def test_the_outbox_crash_test_is_marked_as_waiting():
    """The marker the ordering reads is on the test that needs it (a rename would silently drop it)."""
    assert "waits" in {mark.name for mark in test_crash.pytestmark}


@pytest.mark.django_db
def test_the_test_database_is_migrated_to_the_last_migration_with_every_content_type():
    """Whether copied from the template or migrated here: nothing left to migrate, every model's content type."""
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    missing = {model._meta.label for model in apps.get_models()} - {
        f"{content_type.app_label}.{content_type.model_class()._meta.object_name}"
        for content_type in ContentType.objects.all()
        if content_type.model_class() is not None
    }
    assert missing == set()


@pytest.mark.django_db
@pytest.mark.skipif(
    not (
        os.environ.get("PYTEST_XDIST_WORKER") and os.environ.get(template_db.ENV) and connection.vendor == "postgresql"
    ),
    reason="only an xdist worker on PostgreSQL copies the template",
)
def test_an_xdist_worker_on_postgresql_copies_the_template():
    template = template_db._template()["name"]
    assert template_db.COPIED == {"default": template}
    assert (
        connection.settings_dict["NAME"] == f"{template.removesuffix('_template')}_{os.environ['PYTEST_XDIST_WORKER']}"
    )
