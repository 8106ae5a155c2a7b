"""The scheduler: run every registered job (``register_scheduled_job``) when it is due, one scheduler at a time
per job, and remember its last run.

``manage.py run_scheduler`` loops (``make run`` starts it beside the task worker; production runs one, or more: the
lock makes that safe); ``run_scheduler --once`` runs what is due and stops (for cron and tests).

**One at a time.** Before a job runs, the scheduler takes the job's lock and only then reads whether it is still
due, so two schedulers never run a job at once and never run it twice for one slot:

* PostgreSQL: a session advisory lock per job (``pg_try_advisory_lock``). The server releases it when the
  scheduler's connection ends, so a scheduler that dies leaves no stale lock.
* Other databases (SQLite): a lease on the job's row, claimed by one conditional ``UPDATE`` (which SQLite
  serialises) and given back afterwards; a scheduler that dies mid-job blocks the job until the lease
  (``ScheduledJob.lease``, default an hour) has run out.

**Twice is safe.** The lock keeps schedulers apart, not runs: a restart, ``--force`` or cron plus a looping scheduler
may run a job again right after it ran. Every job must therefore be idempotent (REL-12) — the outbox key per event
and person, the period key of digests and observer updates, a file already removed — and
``tests/core/scheduler/test_scheduler.py`` runs every registered job twice in a row and checks that the second run
mails nobody.
"""

import hashlib
import logging
import time as clock
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from core.scheduler.models import ScheduledJobRun
from core.scheduler.selectors import is_due, scheduled_jobs

logger = logging.getLogger("werkgroepen.scheduler")

DONE, NOT_DUE, LOCKED, FAILED = "done", "not due", "locked", "failed"
TICK_SECONDS = 30


@dataclass(frozen=True)
class Outcome:
    """What happened to one job in one round: done (with its result), not due, locked (another scheduler runs
    it), or failed (with the error; logged, and the other jobs still run)."""

    name: str
    status: str
    result: Any = None
    error: str = ""


def advisory_key(name):
    """The 64-bit advisory-lock key of a job: stable across processes and releases."""
    digest = hashlib.sha256(f"werkgroepen.scheduler:{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _ensure_row(name):
    ScheduledJobRun.objects.bulk_create([ScheduledJobRun(name=name)], ignore_conflicts=True)


def lease_claim(*, name, lease, owner, now=None):
    """Claim the job's lease for `owner` unless someone else holds an unexpired one (one conditional UPDATE).
    Returns whether `owner` holds it now."""
    now = now or timezone.now()
    _ensure_row(name)
    free = Q(lease_until__isnull=True) | Q(lease_until__lte=now) | Q(lease_owner=owner)
    return bool(ScheduledJobRun.objects.filter(free, name=name).update(lease_until=now + lease, lease_owner=owner))


def lease_release(*, name, owner):
    """Give the lease back (only the owner's own)."""
    ScheduledJobRun.objects.filter(name=name, lease_owner=owner).update(lease_until=None, lease_owner="")


@contextmanager
def job_lock(job):
    """Hold `job`'s lock for the block; yields whether it was taken (False: another scheduler runs the job)."""
    if connection.vendor == "postgresql":
        key = advisory_key(job.name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
            taken = cursor.fetchone()[0]
        if not taken:
            yield False
            return
        try:
            yield True
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
        return
    owner = uuid.uuid4().hex
    if not lease_claim(name=job.name, lease=job.lease, owner=owner):
        yield False
        return
    try:
        yield True
    finally:
        lease_release(name=job.name, owner=owner)


def run_job(job, *, now=None, force=False):
    """Run `job` if it is due (or `force`), under its lock, and record the run. Never raises for the job's own
    failure: it is logged and recorded, and the outcome says so."""
    now = now or timezone.now()
    with job_lock(job) as taken:
        if not taken:
            return Outcome(job.name, LOCKED)
        _ensure_row(job.name)
        row = ScheduledJobRun.objects.get(name=job.name)  # read under the lock: another scheduler may just have run it
        if not force and not is_due(job, row.last_started_at, now):
            return Outcome(job.name, NOT_DUE)
        ScheduledJobRun.objects.filter(pk=row.pk).update(last_started_at=now, runs=row.runs + 1)
        try:
            result = job.run()
        except Exception as error:  # noqa: BLE001 - one job's failure must not stop the others
            logger.exception("Scheduled job %s failed", job.name)
            ScheduledJobRun.objects.filter(pk=row.pk).update(
                last_finished_at=timezone.now(), last_error=f"{type(error).__name__}: {error}"[:2000]
            )
            return Outcome(job.name, FAILED, error=f"{type(error).__name__}: {error}")
        ScheduledJobRun.objects.filter(pk=row.pk).update(
            last_finished_at=timezone.now(), last_result=str(result)[:200], last_error=""
        )
        return Outcome(job.name, DONE, result=result)


def run_due(*, now=None, names=None, force=False):
    """One round: every registered job (or those `names`) that is due, in name order. Returns the outcomes."""
    jobs = scheduled_jobs()
    unknown = set(names or ()) - set(jobs)
    if unknown:
        raise KeyError(f"No scheduled job named {', '.join(sorted(unknown))}")
    chosen = [jobs[name] for name in sorted(names or jobs)]
    return [run_job(job, now=now, force=force) for job in chosen]


def run_forever(*, tick=TICK_SECONDS, report=None, stop=None):
    """Run rounds every `tick` seconds until `stop()` says so (the command: until it is stopped)."""
    while stop is None or not stop():
        started = clock.monotonic()
        for outcome in run_due():
            if report is not None and outcome.status != NOT_DUE:
                report(outcome)
        if not connection.in_atomic_block:
            connection.close()  # a fresh connection per round: a restarted database does not end the scheduler
        clock.sleep(max(0.0, tick - (clock.monotonic() - started)))
