"""Identical requests at the same moment write one row and never fail (REL-02): reports, and the import's
idempotence by external id. Runs on PostgreSQL (DATABASE_URL); SQLite serialises writers, so there it is skipped."""

import threading

import pytest
from django.db import connection, connections

from werkgroepen_activities.activities.models import Activity, ActivityReport
from werkgroepen_activities.activities.services import activity_publish, activity_report
from werkgroepen_activities.feed.services import feed_import

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)")


def at_once(target, count=6):
    barrier = threading.Barrier(count)
    errors = []

    def run():
        try:
            barrier.wait()
            target()
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_of_one_person_write_one_report(activity_factory, moderator, member):
    activity = activity_factory()
    activity_publish(activity=activity, by=moderator)
    errors = at_once(lambda: activity_report(activity=activity, reporter=member, reason="Reclame"))
    assert errors == []
    assert ActivityReport.objects.filter(activity=activity, reporter=member).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_imports_of_one_feed_never_duplicate(switched_on):
    from django.db import transaction

    def run():
        with transaction.atomic():
            feed_import(organisation=switched_on, source="sample")

    at_once(run, count=3)
    ids = list(Activity.objects.filter(organisation=switched_on).values_list("external_id", flat=True))
    assert len(ids) == len(set(ids)) == 37
