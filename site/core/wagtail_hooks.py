from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin_invitations import InvitationViewSet, RoleRequestViewSet
from core.admin_roles import RoleAssignmentViewSet


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    actions.register_action("werkgroepen.role_assigned", _("Assign role"), _("Role assigned"))
    actions.register_action("werkgroepen.role_revoked", _("Revoke role"), _("Role revoked"))
    for code, label, message in [
        ("werkgroepen.invitation_sent", _("Send invitation"), _("Invitation sent")),
        ("werkgroepen.invitation_resent", _("Resend invitation"), _("Invitation sent again")),
        ("werkgroepen.invitation_revoked", _("Revoke invitation"), _("Invitation revoked")),
        ("werkgroepen.invitation_accepted", _("Accept invitation"), _("Invitation accepted")),
        ("werkgroepen.role_request_filed", _("Request moderator rights"), _("Moderator rights requested")),
        ("werkgroepen.role_request_approved", _("Approve role request"), _("Role request approved")),
        ("werkgroepen.role_request_rejected", _("Reject role request"), _("Role request rejected")),
        ("werkgroepen.data_export_requested", _("Request data export"), _("Data export requested")),
        ("werkgroepen.data_export_downloaded", _("Download data export"), _("Data export downloaded")),
        ("werkgroepen.account_deleted", _("Delete account"), _("Account deleted")),
    ]:
        actions.register_action(code, label, message)


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return RoleAssignmentViewSet()


@hooks.register("register_admin_viewset")
def register_invitation_viewset():
    return InvitationViewSet()


@hooks.register("register_admin_viewset")
def register_role_request_viewset():
    return RoleRequestViewSet()


@hooks.register("register_moderation_queue")
def role_request_queue():
    from django.urls import reverse

    from config.hooks import ModerationQueue
    from core.models import RoleRequest, RoleRequestStatus

    return ModerationQueue(
        label=_("Role requests"),
        count=lambda user: RoleRequest.objects.decidable_by(user).filter(status=RoleRequestStatus.OPEN).count(),
        url=reverse("role_requests:index") + "?status=open",
    )


# Failed e-mail and background task results, for superadmins (their hooks register on import).
from core import admin_outbox, admin_tasks  # noqa: E402, F401
