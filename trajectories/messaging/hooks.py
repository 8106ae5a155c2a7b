"""The hooks of Berichten: the item kind (conversations, with pages of their own), the tool with its Overzicht
widget of unread messages, and the notification type. Imported by :mod:`trajectories.wagtail_hooks`."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_SPACE_ITEM_KIND,
    REGISTER_TRAJECTORY_TOOL,
    NotificationType,
    TrajectoryTool,
)
from trajectories.items.models import ItemKind
from trajectories.messaging import MESSAGES
from trajectories.messaging.models import MessageThread
from trajectories.messaging.selectors import unread_threads
from trajectories.messaging.services import NOTIFICATION_TYPE
from trajectories.space_view import widget
from trajectories.spaces.selectors import takes_part_anywhere


@dataclass(frozen=True)
class ThreadKind(ItemKind):
    """Threads have their own pages (the conversation), not the generic item form."""

    def item_url(self, trajectory_id, item_id):
        return reverse("trajectories:thread", args=[trajectory_id, item_id])

    def create_url(self, trajectory_id):
        return reverse("trajectories:thread_create", args=[trajectory_id])


@hooks.register(REGISTER_SPACE_ITEM_KIND)
def thread_kind():
    return ThreadKind(
        key="message_thread",
        model=MessageThread,
        tool=MESSAGES,
        segment="berichten",
        label=_("conversation"),
        label_plural=_("conversations"),
        add_label=_("Start a conversation"),
        form_class=None,
        list_url_name="trajectories:messages",
        order=70,
    )


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=30)
def messages_tool(trajectory, request):
    return TrajectoryTool(
        slug=MESSAGES,
        label=_("Messages"),
        url=reverse("trajectories:messages", args=[trajectory.pk]),
        widget=widget("trajectories/messaging/widget.html", trajectory, request, unread_threads, name="unread"),
    )


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def notification_types():
    return [
        NotificationType(
            code=NOTIFICATION_TYPE,
            label=_("New messages in my collaboration spaces"),
            default_frequency="immediately",
            audience="participants",
            discreet=True,  # mail about a space names nobody (issue 9): no greeting by name either
            offered_to=takes_part_anywhere,  # the settings offer it only to people who take part in a space
        )
    ]
