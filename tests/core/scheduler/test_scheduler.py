"""The scheduler (core/scheduler, ``manage.py run_scheduler``): one process runs every job registered through the
``register_scheduled_job`` hook when it is due, one scheduler at a time per job, and every job is safe to run twice.

Requirements: REL-12 (every scheduled job is idempotent: running it twice in a row changes nothing the second time
and mails nobody again), REL-06 (two schedulers never run the same job at once), REL-03 (mail after commit, once).
"""

import time as clock
from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from wagtail import hooks

from config.hooks import REGISTER_SCHEDULED_JOB, ScheduledJob
from core.models import Frequency, Notification, OutboundMessage, Role
from core.roles.services import assign_role
from core.scheduler import services
from core.scheduler.models import ScheduledJobRun
from core.scheduler.selectors import JobDeclarationError, is_due, latest_slot, scheduled_jobs
from tests.conftest import make_user
from tests.fixtures.browser import ensure_wagtail_tree
from tests.participation.posts.test_stars import run_together
from tests.trajectories.world import build_world
from trajectories.agenda.models import Appointment
from trajectories.models import Audience

pytestmark = pytest.mark.django_db

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="advisory locks and concurrent connections need PostgreSQL"
)
SQLITE_ONLY = pytest.mark.skipif(connection.vendor == "postgresql", reason="the lease is the SQLite lock")


def local(year, month, day, hour, minute=0):
    return timezone.make_aware(datetime(year, month, day, hour, minute))


class Counting:
    """A job body that counts its runs (and can take its time)."""

    def __init__(self, pause=0.0):
        self.calls, self.pause = 0, pause

    def __call__(self):
        self.calls += 1
        if self.pause:
            clock.sleep(self.pause)
        return self.calls


def register(*jobs):
    """Register `jobs` for the test (written in this module: core code for the dispatch wrapper)."""

    def fn():
        return list(jobs)

    return hooks.register_temporarily(REGISTER_SCHEDULED_JOB, fn)


# --- When a job is due -------------------------------------------------------------------------------------------


def test_an_interval_job_is_due_when_its_interval_has_passed_since_it_last_started():
    job = ScheduledJob(name="t", run=Counting(), every=timedelta(minutes=15))
    now = local(2026, 12, 7, 10, 0)
    assert is_due(job, None, now)
    assert not is_due(job, now - timedelta(minutes=14), now)
    assert is_due(job, now - timedelta(minutes=15), now)


def test_a_daily_job_runs_once_after_its_time_and_a_weekly_one_on_its_day():
    daily = ScheduledJob(name="d", run=Counting(), at=time(7, 0))
    weekly = ScheduledJob(name="w", run=Counting(), at=time(7, 30), weekday=0)
    monday_6 = local(2026, 12, 7, 6, 0)  # 7 December 2026 is a Monday
    monday_8 = local(2026, 12, 7, 8, 0)
    assert latest_slot(daily, monday_6) == local(2026, 12, 6, 7, 0)
    assert not is_due(daily, local(2026, 12, 6, 7, 1), monday_6)  # ran yesterday after 7:00: not yet again
    assert is_due(daily, local(2026, 12, 6, 7, 1), monday_8)  # today's 7:00 has come
    assert not is_due(daily, local(2026, 12, 7, 7, 0), monday_8)  # and it ran
    assert latest_slot(weekly, monday_6) == local(2026, 11, 30, 7, 30)
    assert latest_slot(weekly, monday_8) == local(2026, 12, 7, 7, 30)
    assert not is_due(weekly, local(2026, 12, 7, 7, 31), local(2026, 12, 13, 23, 0))  # not again before next Monday


def test_a_wrongly_declared_job_stops_the_scheduler_with_its_name():
    twice = ScheduledJob(name="outbox", run=Counting(), every=timedelta(minutes=1))
    with register(twice), pytest.raises(JobDeclarationError, match="outbox"):
        scheduled_jobs()
    neither = ScheduledJob(name="vague", run=Counting())
    with register(neither), pytest.raises(JobDeclarationError, match="vague"):
        scheduled_jobs()


def test_the_site_registers_its_periodic_jobs_through_the_hook():
    """Reminders, both digests, observer updates, the outbox and the two export clean-ups run on their own."""
    assert {
        "appointment-reminders",
        "digests-daily",
        "digests-weekly",
        "observer-updates",
        "outbox",
        "data-exports-purge",
        "space-exports-expire",
    } <= set(scheduled_jobs())


# --- Running what is due --------------------------------------------------------------------------------------


def test_the_scheduler_runs_due_jobs_and_not_the_others():
    recent, never = Counting(), Counting()
    jobs = [
        ScheduledJob(name="t-recent", run=recent, every=timedelta(hours=1)),
        ScheduledJob(name="t-never", run=never, every=timedelta(hours=1)),
    ]
    ScheduledJobRun.objects.create(name="t-recent", last_started_at=timezone.now() - timedelta(minutes=10))
    with register(*jobs):
        outcomes = services.run_due(names=["t-recent", "t-never"])
        assert [(o.name, o.status) for o in outcomes] == [("t-never", "done"), ("t-recent", "not due")]
        assert (recent.calls, never.calls) == (0, 1)
        # --once again at once: nothing is due any more
        out = StringIO()
        call_command("run_scheduler", "--once", "--job", "t-never", "--job", "t-recent", stdout=out)
        assert (recent.calls, never.calls) == (0, 1)
        # an hour later both are
        later = timezone.now() + timedelta(hours=1, minutes=1)
        services.run_due(names=["t-recent", "t-never"], now=later)
        assert (recent.calls, never.calls) == (1, 2)
    row = ScheduledJobRun.objects.get(name="t-never")
    assert row.runs == 2 and row.last_result == "2" and row.last_finished_at is not None


def test_the_loop_runs_a_round_per_tick_until_stopped():
    """``run_scheduler`` without ``--once``: each round runs what is due; a job is not run again before its time."""
    job = Counting()
    stops = iter([False, False, True])
    reported = []
    with register(ScheduledJob(name="t-loop", run=job, every=timedelta(hours=1))):
        services.run_forever(tick=0, report=reported.append, stop=lambda: next(stops))
    assert job.calls == 1
    assert [o.status for o in reported if o.name == "t-loop"] == ["done"]


def test_a_failing_job_is_recorded_and_the_others_still_run():
    def broken():
        raise RuntimeError("SMTP server on fire")

    fine = Counting()
    with register(
        ScheduledJob(name="t-broken", run=broken, every=timedelta(hours=1)),
        ScheduledJob(name="t-fine", run=fine, every=timedelta(hours=1)),
    ):
        outcomes = services.run_due(names=["t-broken", "t-fine"])
    assert [(o.name, o.status) for o in outcomes] == [("t-broken", "failed"), ("t-fine", "done")]
    assert "SMTP server on fire" in ScheduledJobRun.objects.get(name="t-broken").last_error
    assert fine.calls == 1


def test_an_unknown_job_name_is_refused():
    with pytest.raises(CommandError, match="no-such-job"):
        call_command("run_scheduler", "--once", "--job", "no-such-job", stdout=StringIO())


def test_list_shows_every_job_and_its_last_run():
    out = StringIO()
    call_command("run_scheduler", "--list", stdout=out)
    text = out.getvalue()
    assert "appointment-reminders: every 0:15:00; never run." in text
    assert "digests-weekly: at 07:30 on weekday 0" in text


# --- One scheduler at a time ------------------------------------------------------------------------------------


def test_the_lease_keeps_a_second_scheduler_out_until_it_is_given_back_or_runs_out():
    """The lock where there are no advisory locks (SQLite): a conditional UPDATE of the job's row."""
    lease = timedelta(minutes=10)
    now = timezone.now()
    assert services.lease_claim(name="t-lease", lease=lease, owner="a", now=now)
    assert not services.lease_claim(name="t-lease", lease=lease, owner="b", now=now)
    services.lease_release(name="t-lease", owner="b")  # not b's to give back
    assert not services.lease_claim(name="t-lease", lease=lease, owner="b", now=now)
    services.lease_release(name="t-lease", owner="a")
    assert services.lease_claim(name="t-lease", lease=lease, owner="b", now=now)
    # b dies without giving it back: after the lease, a takes over
    assert not services.lease_claim(name="t-lease", lease=lease, owner="a", now=now + timedelta(minutes=9))
    assert services.lease_claim(name="t-lease", lease=lease, owner="a", now=now + timedelta(minutes=11))


@SQLITE_ONLY
def test_a_job_another_scheduler_holds_is_skipped_on_sqlite():
    job = Counting()
    services.lease_claim(name="t-held", lease=timedelta(hours=1), owner="other-scheduler")
    with register(ScheduledJob(name="t-held", run=job, every=timedelta(minutes=1))):
        assert [o.status for o in services.run_due(names=["t-held"], force=True)] == ["locked"]
    assert job.calls == 0


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_two_schedulers_at_once_run_a_job_once():
    """REL-06: two schedulers (threads with their own connections) reach the same due job at the same moment; the
    advisory lock lets one run it, the other reports it locked, and afterwards it is no longer due."""
    ensure_wagtail_tree()
    slow = Counting(pause=1.0)
    job = ScheduledJob(name="t-slow", run=slow, every=timedelta(hours=1))
    with register(job):
        results, errors = run_together(2, lambda _i: services.run_due(names=["t-slow"])[0].status)
        assert errors == []
        assert sorted(results) == ["done", "locked"]
        assert slow.calls == 1
        assert services.run_due(names=["t-slow"])[0].status == "not due"


# --- Twice in a row is safe --------------------------------------------------------------------------------------


@pytest.fixture
def something_for_every_job(organisation, other_organisation):
    """An appointment starting soon (reminders), notifications waiting for a daily and a weekly digest, an observer
    of an organisation whose quarter has ended (observer update)."""
    world = build_world(organisation, other_organisation)
    start = timezone.now() + timedelta(hours=3)
    Appointment.objects.create(
        trajectory=world.space,
        author=world.seats["pro_a"],
        audience=Audience.EVERYONE,
        title="Gesprek",
        place="Kantoor",
        start=start,
        end=start + timedelta(hours=1),
    )
    for period in (Frequency.DAILY, Frequency.WEEKLY):
        Notification.objects.create(
            recipient=world.users["parent"],
            type="trajectories.message",
            key=f"t-digest-{period}",
            title="Er is iets nieuws in je werkruimte",
            frequency=period,
        )
    observer = make_user("waarnemer@example.org", "Waarnemer")
    assign_role(user=observer, role=Role.OBSERVER, page=organisation)
    return world


def test_running_every_job_twice_in_a_row_sends_nothing_twice(
    something_for_every_job, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """REL-12: the scheduler runs every registered job (forced, as after a restart), then again at once. The first
    round queues and sends reminders, both digests and the observer update; the second queues nothing and sends
    nothing more."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}  # only the scheduler sends
    with django_capture_on_commit_callbacks(execute=True):
        first = {o.name: o for o in services.run_due(force=True)}
    assert {o.status for o in first.values()} == {"done"}, first
    with django_capture_on_commit_callbacks(execute=True):
        services.run_due(names=["outbox"], force=True)  # whatever a job after "outbox" (by name) queued leaves too
    queued = OutboundMessage.objects.count()
    sent = len(mailoutbox)
    types = set(OutboundMessage.objects.values_list("type", flat=True))
    assert {"trajectories.appointment_reminder", "digest.daily", "digest.weekly"} <= types
    assert any("observer" in kind for kind in types), types
    assert sent == queued > 0
    with django_capture_on_commit_callbacks(execute=True):
        second = {o.name: o for o in services.run_due(force=True)}
    assert {o.status for o in second.values()} == {"done"}
    assert OutboundMessage.objects.count() == queued
    assert len(mailoutbox) == sent
    for name, outcome in second.items():
        if isinstance(outcome.result, int):
            assert outcome.result == 0, name
