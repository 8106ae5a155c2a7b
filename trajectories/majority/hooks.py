"""The hooks of the majority room: its notification type and its daily job (with retention's). Imported by :mod:`trajectories.wagtail_hooks`."""

from datetime import time

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_SCHEDULED_JOB, NotificationType, ScheduledJob
from trajectories.majority.services import NOTIFICATION_TYPE, process_majority
from trajectories.retention.services import apply_retention
from trajectories.spaces.selectors import takes_part_anywhere


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def notification_types():
    return [
        NotificationType(
            code=NOTIFICATION_TYPE,
            label=_("Choices I make about my collaboration spaces"),
            default_frequency="immediately",
            audience="participants",
            discreet=True,  # a mail about a space names nobody and carries no care content (SEC-22)
            offered_to=takes_part_anywhere,
        )
    ]


def _majority():
    done = process_majority()
    return f"{done.reminded} reminded, {done.asked} asked"


def _retention():
    report = apply_retention()
    return f"{report.deleted} deleted, {sum(count.restricted for count in report.kinds.values())} restricted"


@hooks.register(REGISTER_SCHEDULED_JOB)
def daily_jobs():
    """Once a day, early: the majority reminder and question (each young person once), and retention (a second run
    deletes nothing). Retention is a room of its own without hooks; its job is registered here, beside majority's,
    so the spaces' daily care work is in one place."""
    return [
        ScheduledJob(
            name="majority",
            run=_majority,
            at=time(6, 0),
            description="Remind young people before they turn 18 and ask them on the day (manage.py process_majority).",
        ),
        ScheduledJob(
            name="retention",
            run=_retention,
            at=time(2, 30),
            description="Delete what collaboration spaces kept beyond their retention periods (manage.py apply_retention).",
        ),
    ]
