"""Personal data: the audit-log actions of exports, the notification type that says an export is ready, and the
scheduled removal of exports nobody downloaded."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_SCHEDULED_JOB, NotificationType, ScheduledJob
from core.privacy.services import purge_expired_exports


@hooks.register("register_log_actions")
def register_privacy_log_actions(actions):
    actions.register_action("werkgroepen.data_export_requested", _("Request data export"), _("Data export requested"))
    actions.register_action(
        "werkgroepen.data_export_downloaded", _("Download data export"), _("Data export downloaded")
    )


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def privacy_notification_types():
    return [
        NotificationType(
            code="core.data_export", label=_("My data exports"), default_frequency="immediately", audience="members"
        )
    ]


@hooks.register(REGISTER_SCHEDULED_JOB)
def purge_exports_job():
    """Hourly: delete the files of "Mijn gegevens" exports not downloaded within 24 hours (safe twice: an expired
    export is marked so and left alone the next time)."""
    return ScheduledJob(
        name="data-exports-purge",
        run=purge_expired_exports,
        every=timedelta(hours=1),
        description="Delete expired personal-data exports (manage.py purge_data_exports).",
    )
