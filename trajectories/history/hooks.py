"""The hooks of the history of items: the notification type "someone else changed what I wrote". Imported by
:mod:`trajectories.wagtail_hooks`."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType
from trajectories.history.services import NOTIFICATION_TYPE
from trajectories.spaces.selectors import takes_part_anywhere


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def notification_types():
    return [
        NotificationType(
            code=NOTIFICATION_TYPE,
            label=_("Someone else changed what I wrote in a collaboration space"),
            default_frequency="immediately",
            audience="participants",
            discreet=True,  # mail about a space names nobody (issue 9): no greeting by name either
            offered_to=takes_part_anywhere,
        )
    ]
