"""Reads of invitations: the ones a person manages in the administration, and the invitation behind a link."""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.invitations.models import Invitation, InvitationStatus
from core.links import absolute
from core.roles.selectors import manageable_pages


class InvitationInvalid(Exception):
    """The link is unknown, expired, revoked or already used: nothing is granted."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason  # "unknown" | "expired" | "revoked" | "used"


def invitation_days():
    return getattr(settings, "INVITATION_DAYS", 7)


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


def accept_url(token):
    return absolute(reverse("invitation", args=[token]))


def invitations_managed_by(user):
    """The invitations `user` may see and manage in the admin: all for superadmins, those on pages of their
    organisations for organisation admins, none for anybody else."""
    if not user.is_authenticated or not user.is_active:
        return Invitation.objects.none()
    if user.is_superuser:
        return Invitation.objects.all()
    return Invitation.objects.filter(page__in=manageable_pages(user))


def invitation_for_token(token, *, lock=False):
    """The waiting invitation behind `token`, or ``InvitationInvalid`` saying why the link does not work."""
    qs = Invitation.objects.select_related("page", "invited_by")
    if lock:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.filter(token_hash=hash_token(token or "")).first()
    if invitation is None:
        raise InvitationInvalid("unknown")
    if invitation.status == InvitationStatus.REVOKED:
        raise InvitationInvalid("revoked")
    if invitation.status == InvitationStatus.ACCEPTED:
        raise InvitationInvalid("used")
    if invitation.expires_at <= timezone.now():
        raise InvitationInvalid("expired")
    return invitation


def addressed_to(invitation, user):
    return user.is_authenticated and user.email.lower() == invitation.email.lower()
