"""The plugin's one wiring file: each room's hook registrations, and its pages (register_urls)."""

from datetime import timedelta

from wagtail import hooks

import werkgroepen_consultations.consultation.hooks  # noqa: F401 - the consultation room's hooks
from config.hooks import REGISTER_SCHEDULED_JOB, REGISTER_URLS, ScheduledJob, UrlMount
from werkgroepen_consultations.consultation.services import notices_send_all


@hooks.register(REGISTER_URLS)
def consultation_urls():
    return UrlMount(
        prefix="raadplegingen/", patterns="werkgroepen_consultations.urls", namespace="consultations", order=60
    )


@hooks.register(REGISTER_SCHEDULED_JOB)
def consultation_jobs():
    return ScheduledJob(
        name="consultation-notices",
        run=notices_send_all,
        every=timedelta(hours=1),
        description="Tell people a consultation opened, closes within 24 hours or published its results (once each).",
    )
