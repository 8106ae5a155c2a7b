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
        ("werkgroepen.account_deactivated", _("Deactivate account"), _("Account deactivated, sessions ended")),
        ("werkgroepen.account_reactivated", _("Reactivate account"), _("Account reactivated")),
        ("werkgroepen.account_sessions_ended", _("End all sessions"), _("All sessions ended")),
        (
            "werkgroepen.account_password_reset_sent",
            _("Send a password-reset link"),
            _("Password-reset link sent to the person's confirmed address"),
        ),
    ]:
        actions.register_action(code, label, message)


@hooks.register("register_user_listing_buttons")
def account_action_buttons(user, request_user):
    """Deactivate/reactivate, end sessions, send a reset link: in each row's "more" menu, for superadmins."""
    from core.admin_users import action_buttons

    return action_buttons(user, request_user)


@hooks.register("before_bulk_action")
def bulk_active_state_through_the_service(request, action_type, objects, action_class_instance):
    """Wagtail's bulk "set active state" would flip the flag only: no sessions ended, no audit entry, nobody told.
    Run the account service for each selected account instead."""
    from django.contrib import messages
    from django.core.exceptions import PermissionDenied, ValidationError
    from django.shortcuts import redirect

    from core import account_admin
    from core.models import User

    if action_type != "set_active_state" or action_class_instance.model is not User:
        return None
    if not account_admin.may_manage_accounts(request.user):
        raise PermissionDenied
    active = action_class_instance.cleaned_form.cleaned_data["mark_as_active"]
    service = account_admin.account_reactivate if active else account_admin.account_deactivate
    done = 0
    for account in objects:
        if account.pk == request.user.pk or account.is_active == active:
            continue
        try:
            service(user=account, by=request.user)
        except ValidationError:
            continue
        done += 1
    messages.success(request, _("%(count)d account(s) changed; each person is told by e-mail.") % {"count": done})
    return redirect(action_class_instance.next_url)


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
