"""Invitations (issue 4 §8): a superadmin or organisation admin invites a person by e-mail to take a role.

The link carries a random token; only its SHA-256 hash is stored. A link works once and only until it expires
(``settings.INVITATION_DAYS``, 7 by default); revoking or resending makes the old link useless. Accepting grants
the role through :mod:`core.roles.services` (the only way to give a role) and writes the audit log. Mail goes through
the outbox (:mod:`core.outbox.services`).
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.invitations.models import Invitation, InvitationStatus
from core.invitations.policies import may_invite
from core.invitations.selectors import (
    accept_url,
    addressed_to,
    hash_token,
    invitation_days,
    invitation_for_token,
    invitations_managed_by,
)
from core.outbox.models import OutboundMessage, OutboundStatus
from core.outbox.services import queue_mail
from core.roles.models import Role
from core.roles.selectors import role_label
from core.roles.services import assign_role


def _new_token():
    return secrets.token_urlsafe(32)


def _queue_invitation_mail(invitation, token):
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "link": accept_url(token),
            "role": role_label(invitation.role),
            "page": invitation.page.title,
            "inviter": invitation.invited_by.display_name if invitation.invited_by else "",
            "expires_at": invitation.expires_at,
        }
        subject = _("You are invited to Werkgroepen as %(role)s of %(page)s") % context
        body = render_to_string("core/invitations/email/invitation.txt", context)
    queue_mail(
        key=f"invitation:{invitation.pk}:{invitation.send_count}",
        email=invitation.email,
        subject=subject,
        body=body,
        type="core.invitation",
    )


@transaction.atomic
def invitation_create(*, email, role, page, by):
    """Invite `email` as `role` on `page` and mail the link (after commit). Returns ``(invitation, token)``.

    Raises ``PermissionDenied`` when `by` may not give that role there, ``ValidationError`` for a malformed
    address or when that person already has a waiting invitation for the same role and page.
    """
    email = (email or "").strip().lower()
    validate_email(email)
    page = page.specific
    if not may_invite(by, page, Role(role)):
        raise PermissionDenied
    now = timezone.now()
    token = _new_token()
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                email=email,
                role=role,
                page=page,
                token_hash=hash_token(token),
                invited_by=by,
                sent_at=now,
                expires_at=now + timedelta(days=invitation_days()),
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"email": _("This person already has a waiting invitation for this role here. Resend it instead.")}
        ) from exc
    log(
        instance=invitation,
        action="werkgroepen.invitation_sent",
        user=by,
        data={"role": str(role), "page": page.pk},
    )
    _queue_invitation_mail(invitation, token)
    return invitation, token


def _lock_managed(invitation, by):
    invitation = invitations_managed_by(by).select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:
        raise PermissionDenied
    return invitation


@transaction.atomic
def invitation_resend(*, invitation, by):
    """Mail a new link for a waiting (or expired) invitation; the old link stops working. Returns the new token."""
    invitation = _lock_managed(invitation, by)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Only a waiting invitation can be sent again."))
    now = timezone.now()
    token = _new_token()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now
    invitation.expires_at = now + timedelta(days=invitation_days())
    invitation.send_count += 1
    invitation.save(update_fields=["token_hash", "sent_at", "expires_at", "send_count"])
    log(instance=invitation, action="werkgroepen.invitation_resent", user=by, data={"sent": invitation.send_count})
    _queue_invitation_mail(invitation, token)
    return token


@transaction.atomic
def invitation_revoke(*, invitation, by):
    """Withdraw a waiting invitation: its link stops working and nothing is granted."""
    invitation = _lock_managed(invitation, by)
    if invitation.status != InvitationStatus.PENDING:
        raise ValidationError(_("Only a waiting invitation can be revoked."))
    invitation.status = InvitationStatus.REVOKED
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["status", "revoked_at"])
    log(instance=invitation, action="werkgroepen.invitation_revoked", user=by)
    # A link still in the outbox must not leave any more.
    OutboundMessage.objects.filter(key__startswith=f"invitation:{invitation.pk}:", status=OutboundStatus.QUEUED).update(
        status=OutboundStatus.CANCELLED, last_error="invitation revoked"
    )
    return invitation


@transaction.atomic
def invitation_accept(*, token, user):
    """`user` accepts the invitation behind `token`: the role is granted through
    :func:`core.roles.services.assign_role`
    and the link is used up. Raises ``InvitationInvalid`` (unknown, expired, revoked, used) or
    ``PermissionDenied`` when `user` is not the invited address."""
    invitation = invitation_for_token(token, lock=True)
    if not addressed_to(invitation, user):
        raise PermissionDenied
    assign_role(user=user, role=invitation.role, page=invitation.page, by=invitation.invited_by)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["status", "accepted_at", "accepted_by"])
    log(instance=invitation, action="werkgroepen.invitation_accepted", user=user)
    return invitation
