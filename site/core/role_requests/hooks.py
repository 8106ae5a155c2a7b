"""Role requests in the administration: their screen, their queue on the moderators' dashboard, their audit-log
actions and their notification types."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_MODERATION_QUEUE, REGISTER_NOTIFICATION_TYPES, ModerationQueue, NotificationType
from core.role_requests.admin import RoleRequestViewSet
from core.role_requests.selectors import open_requests_count


@hooks.register("register_admin_viewset")
def register_role_request_viewset():
    return RoleRequestViewSet()


@hooks.register(REGISTER_MODERATION_QUEUE)
def role_request_queue():
    return ModerationQueue(
        label=_("Role requests"),
        count=open_requests_count,
        url=reverse("role_requests:index") + "?status=open",
    )


@hooks.register("register_log_actions")
def register_role_request_log_actions(actions):
    for code, label, message in [
        ("werkgroepen.role_request_filed", _("Request moderator rights"), _("Moderator rights requested")),
        ("werkgroepen.role_request_approved", _("Approve role request"), _("Role request approved")),
        ("werkgroepen.role_request_rejected", _("Reject role request"), _("Role request rejected")),
    ]:
        actions.register_action(code, label, message)


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def role_request_notification_types():
    return [
        NotificationType(
            code="core.role_request_decided",
            label=_("Decisions on my role requests"),
            default_frequency="immediately",
            audience="members",
        ),
        NotificationType(
            code="core.role_request",
            label=_("Role requests to decide"),
            default_frequency="immediately",
            audience="editors",
        ),
    ]
