"""The page behind an invitation link: accept as the invited address, or make an account or log in first.

Nothing is granted on GET (mail scanners and link previews open links); accepting is a POST. The token stays
out of query strings (SEC-19): on the way through log-in or registration it waits in the session.
"""

from allauth.account.adapter import get_adapter
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.accounts.models import User
from core.invitations.selectors import InvitationInvalid, addressed_to, invitation_for_token
from core.invitations.services import invitation_accept
from core.roles.selectors import role_label

SESSION_KEY = "werkgroepen_invitation"

INVALID_MESSAGES = {
    "unknown": lambda: _("This invitation link does not exist. Check that you copied the whole link."),
    "expired": lambda: _("This invitation has expired. Ask the person who invited you to send it again."),
    "revoked": lambda: _("This invitation was withdrawn. Ask the person who invited you if you still need it."),
    "used": lambda: _("This invitation has already been used. A link works only once."),
}


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


def _invalid(request, reason):
    request.session.pop(SESSION_KEY, None)
    status = 404 if reason == "unknown" else 410
    response = render(
        request,
        "core/invitations/invitation_invalid.html",
        {"message": INVALID_MESSAGES[reason](), "reason": reason},
        status=status,
    )
    return _private(response)


@require_http_methods(["GET", "POST"])
def invitation(request, token):
    """Open an invitation link."""
    if not ratelimit.allow(scope="invitation-open", key=ratelimit.client_ip(request), limit=30, period=60):
        return render(request, "429.html", status=429)
    return _handle(request, token)


@require_http_methods(["GET", "POST"])
def invitation_continue(request):
    """Back from log-in or registration: the invitation waits in the session."""
    token = request.session.get(SESSION_KEY)
    if not token:
        return _invalid(request, "unknown")
    return _handle(request, token)


def _handle(request, token):
    try:
        invitation = invitation_for_token(token)
    except InvitationInvalid as error:
        return _invalid(request, error.reason)
    request.session[SESSION_KEY] = token
    context = {"invitation": invitation, "role": role_label(invitation.role)}
    user = request.user
    if user.is_authenticated and not addressed_to(invitation, user):
        return _private(render(request, "core/invitations/invitation_wrong_account.html", context, status=403))
    if user.is_authenticated:
        if request.method == "POST" and request.POST.get("action") == "accept":
            try:
                accepted = invitation_accept(token=token, user=user)
            except InvitationInvalid as error:
                return _invalid(request, error.reason)
            except PermissionDenied:
                return _private(render(request, "core/invitations/invitation_wrong_account.html", context, status=403))
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request,
                _("Welcome! You are now %(role)s of %(page)s.")
                % {"role": role_label(accepted.role), "page": accepted.page.title},
            )
            page = accepted.page.specific
            return redirect(page.url or "/")
        return _private(render(request, "core/invitations/invitation.html", context))
    # Not logged in: the invitation waits in the session for the way back.
    has_account = User.objects.filter(email__iexact=invitation.email).exists()
    if request.method == "POST" and request.POST.get("action") == "signup" and not has_account:
        # The person opened a link mailed to this address: that proves the address, so allauth registers it as
        # verified and logs them in at once (adapter.is_email_verified).
        get_adapter(request).stash_verified_email(request, invitation.email)
        return redirect(f"{reverse('account_signup')}?next={reverse('invitation_continue')}")
    context["has_account"] = has_account
    context["login_url"] = f"{reverse('account_login')}?next={reverse('invitation_continue')}"
    return _private(render(request, "core/invitations/invitation.html", context))


def invitation_logout(request):
    """Log out from the wrong account and come back to the invitation."""
    if request.method != "POST":
        return redirect("invitation_continue")
    token = request.session.get(SESSION_KEY)
    logout(request)
    if token:
        request.session[SESSION_KEY] = token
    return redirect("invitation_continue")
