"""The export's scheduled job: remove the files of exports of a space nobody downloaded in time. Imported by
:mod:`trajectories.wagtail_hooks`."""

from datetime import timedelta

from wagtail import hooks

from config.hooks import REGISTER_SCHEDULED_JOB, ScheduledJob
from trajectories.export.services import exports_expire


@hooks.register(REGISTER_SCHEDULED_JOB)
def expire_exports_job():
    """Hourly (the export page also does it when opened). Safe twice: an expired export is marked and its file is
    gone, so the next run finds nothing."""
    return ScheduledJob(
        name="space-exports-expire",
        run=exports_expire,
        every=timedelta(hours=1),
        description="Remove the files of space downloads not fetched within 24 hours.",
    )
