"""Invitations in the administration: their screen, their audit-log actions and their notification type."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType
from core.invitations.admin import InvitationViewSet


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet()


@hooks.register("register_log_actions")
def register_invitation_log_actions(actions):
    for code, label, message in [
        ("werkgroepen.invitation_sent", _("Send invitation"), _("Invitation sent")),
        ("werkgroepen.invitation_resent", _("Resend invitation"), _("Invitation sent again")),
        ("werkgroepen.invitation_revoked", _("Revoke invitation"), _("Invitation revoked")),
        ("werkgroepen.invitation_accepted", _("Accept invitation"), _("Invitation accepted")),
    ]:
        actions.register_action(code, label, message)


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def invitation_notification_types():
    return [
        NotificationType(
            code="core.invitation", label=_("Invitations"), default_frequency="immediately", audience="members"
        )
    ]
