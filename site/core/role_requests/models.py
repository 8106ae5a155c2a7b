"""Role requests: a person asks for moderator rights for an organisation (seed 002)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.roles.models import Role


class RoleRequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class RoleRequestQuerySet(models.QuerySet):
    def decidable_by(self, user):
        """Requests `user` may decide: all for superadmins, those of their organisations for organisation admins."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            organisation__role_assignments__user=user,
            organisation__role_assignments__role=Role.ORGANISATION_ADMIN,
        )

    def visible_to(self, user):
        """A person sees their own requests and the ones they may decide."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(models.Q(user=user) | models.Q(pk__in=self.decidable_by(user).values("pk")))


class RoleRequest(models.Model):
    """A person asks for moderator rights for an organisation (seed 002): work phone, work e-mail and a reason.

    The organisation's admins (and superadmins) approve — giving the moderator role on the organisation or one
    of its themes through :mod:`core.roles` — or reject with a reason. One open request per person and
    organisation. Written only by :mod:`core.role_requests.services`.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_requests", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    work_phone = models.CharField(_("work phone number"), max_length=20)
    work_email = models.EmailField(_("work e-mail address"))
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=RoleRequestStatus.choices, default=RoleRequestStatus.OPEN
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    granted_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoleRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], condition=models.Q(status="open"), name="rolerequest_one_open"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation}"
