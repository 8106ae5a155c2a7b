"""Accounts in the administration: the superadmin's account actions in Wagtail's user list, Wagtail's bulk "set
active state" run through the account service, and the audit-log actions of accounts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.accounts.admin import action_buttons
from core.accounts.models import User
from core.accounts.policies import may_manage_accounts
from core.accounts.services import account_deactivate, account_reactivate


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    for code, label, message in [
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
    return action_buttons(user, request_user)


@hooks.register("before_bulk_action")
def bulk_active_state_through_the_service(request, action_type, objects, action_class_instance):
    """Wagtail's bulk "set active state" would flip the flag only: no sessions ended, no audit entry, nobody told.
    Run the account service for each selected account instead."""
    if action_type != "set_active_state" or action_class_instance.model is not User:
        return None
    if not may_manage_accounts(request.user):
        raise PermissionDenied
    active = action_class_instance.cleaned_form.cleaned_data["mark_as_active"]
    service = account_reactivate if active else account_deactivate
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
