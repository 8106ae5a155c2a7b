"""Registration of Berichten: the item kind (trajectories.registry), the tool with its Overzicht widget
(``register_trajectory_tool``) and the notification type. Called from ``TrajectoriesConfig.ready()``."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_TRAJECTORY_TOOL, NotificationType, TrajectoryTool
from trajectories.registry import ItemKind, register_item_kind


@dataclass(frozen=True)
class ThreadKind(ItemKind):
    """Threads have their own pages (the conversation), not the generic item form."""

    def item_url(self, trajectory_id, item_id):
        return reverse("trajectories:thread", args=[trajectory_id, item_id])

    def create_url(self, trajectory_id):
        return reverse("trajectories:thread_create", args=[trajectory_id])


def messages_tool(trajectory, request):
    from trajectories.access import space_for
    from trajectories.messaging import selectors

    def widget():
        space = space_for(request.user, trajectory.pk)
        if space is None:
            return ""
        return render_to_string(
            "trajectories/messaging/widget.html",
            {"space": space, "unread": selectors.unread_threads(request, space)},
            request=request,
        )

    return TrajectoryTool(
        slug="berichten",
        label=_("Messages"),
        url=reverse("trajectories:messages", args=[trajectory.pk]),
        widget=widget,
    )


def notification_types():
    from trajectories.messaging.services import NOTIFICATION_TYPE

    return [
        NotificationType(
            code=NOTIFICATION_TYPE,
            label=_("New messages in my collaboration spaces"),
            default_frequency="immediately",
            audience="participants",
            discreet=True,  # mail about a space names nobody (issue 9): no greeting by name either
        )
    ]


_registered = False


def register():
    from trajectories.messaging.models import MessageThread

    register_item_kind(
        ThreadKind(
            key="message_thread",
            model=MessageThread,
            tool="berichten",
            segment="berichten",
            label=_("conversation"),
            label_plural=_("conversations"),
            add_label=_("Start a conversation"),
            form_class=None,
            list_url_name="trajectories:messages",
            order=70,
        )
    )
    global _registered
    if not _registered:
        _registered = True
        hooks.register(REGISTER_TRAJECTORY_TOOL, messages_tool, order=30)
        hooks.register(REGISTER_NOTIFICATION_TYPES, notification_types)
