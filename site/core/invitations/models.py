"""Invitations by e-mail to take a role on an organisation or theme (issue 4 §8)."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.roles.models import Role


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for an answer")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")


class Invitation(models.Model):
    """An invitation by e-mail to take a role (editor, moderator, observer) on an organisation or theme.

    Written only by :mod:`core.invitations.services`. The link carries a random token; only its SHA-256 hash is stored, so
    a leaked database gives no usable links. A link works once, until ``expires_at``; resending makes a new token.
    """

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation or theme")
    )
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InvitationStatus.choices, default=InvitationStatus.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"))
    send_count = models.PositiveSmallIntegerField(default=1)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "role",
                "page",
                condition=models.Q(status="pending"),
                name="invitation_one_pending",
            )
        ]

    def __str__(self):
        return f"{self.email} · {self.get_role_display()} · {self.page}"

    @property
    def is_expired(self):
        return self.status == InvitationStatus.PENDING and self.expires_at <= timezone.now()

    @property
    def state_label(self):
        return _("Expired") if self.is_expired else self.get_status_display()
