"""The notifications' scheduled jobs: everyone's daily and weekly digest (imported by :mod:`core.wagtail_hooks`)."""

from datetime import time

from wagtail import hooks

from config.hooks import REGISTER_SCHEDULED_JOB, ScheduledJob
from core.notifications.services import send_digests


@hooks.register(REGISTER_SCHEDULED_JOB)
def digest_jobs():
    """The daily digest at 7:00 and the weekly one on Monday at 7:30. Safe twice: the outbox key names the person
    and the period, and what a digest held is marked mailed in the same transaction."""
    return [
        ScheduledJob(
            name="digests-daily",
            run=lambda: send_digests(period="daily"),
            at=time(7, 0),
            description="The daily digest of notifications (manage.py send_digests --period daily).",
        ),
        ScheduledJob(
            name="digests-weekly",
            run=lambda: send_digests(period="weekly"),
            at=time(7, 30),
            weekday=0,
            description="The weekly digest of notifications (manage.py send_digests --period weekly).",
        ),
    ]
