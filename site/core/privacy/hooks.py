"""Personal data: the audit-log actions of exports and the notification type that says an export is ready."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType


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
