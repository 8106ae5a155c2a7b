"""What the observer update adds through the hook catalogue: its notification type (observers choose how they get
it). ``manage.py send_observer_updates`` sends it. Imported by participation/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType
from participation.observer_updates.mail import OBSERVER_UPDATE


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def observer_update_notification_types():
    return [
        NotificationType(
            code=OBSERVER_UPDATE,
            label=_("Periodic update for observers"),
            default_frequency="immediately",
            audience="members",
        )
    ]
