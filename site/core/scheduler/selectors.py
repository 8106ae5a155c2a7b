"""Reads of the scheduler: the registered jobs, when each is due, and what their last runs were."""

from datetime import datetime, timedelta

from django.utils import timezone

from config.hooks import REGISTER_SCHEDULED_JOB, call
from core.scheduler.models import ScheduledJobRun


class JobDeclarationError(ValueError):
    """A job is declared wrongly (a name twice, neither ``every`` nor ``at``): the scheduler refuses to start."""


def scheduled_jobs():
    """Every job of the ``register_scheduled_job`` hook, by name (site-wide: core, apps and installed plugins)."""
    jobs = {}
    for job in call(REGISTER_SCHEDULED_JOB):
        if job.name in jobs:
            raise JobDeclarationError(f"Two scheduled jobs are named {job.name!r}.")
        if (job.every is None) == (job.at is None):
            raise JobDeclarationError(f"Scheduled job {job.name!r}: give either `every` or `at`.")
        if job.weekday is not None and job.at is None:
            raise JobDeclarationError(f"Scheduled job {job.name!r}: `weekday` needs `at`.")
        jobs[job.name] = job
    return jobs


def latest_slot(job, now):
    """For a job with ``at``: the most recent moment at or before `now` when it was meant to run (local time)."""
    local = timezone.localtime(now)
    slot = timezone.make_aware(datetime.combine(local.date(), job.at), timezone.get_current_timezone())
    if slot > now:
        slot -= timedelta(days=1)
    while job.weekday is not None and timezone.localtime(slot).weekday() != job.weekday:
        slot -= timedelta(days=1)
    return slot


def is_due(job, last_started_at, now):
    """Whether `job`, last started at `last_started_at` (None: never), should run at `now`."""
    if last_started_at is None:
        return True
    if job.at is not None:
        return last_started_at < latest_slot(job, now)
    return now - last_started_at >= job.every


def last_runs(names=None):
    """The stored runs by job name."""
    rows = ScheduledJobRun.objects.all()
    if names is not None:
        rows = rows.filter(name__in=list(names))
    return {row.name: row for row in rows}
