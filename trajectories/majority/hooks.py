"""The hooks of the majority room: its notification type. Imported by :mod:`trajectories.wagtail_hooks`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType
from trajectories.majority.services import NOTIFICATION_TYPE
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
