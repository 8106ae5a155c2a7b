"""A member's request to represent an organisation (vertegenwoordiger, seed 000): asked at registration or from the
profile, confirmed or refused by the admins of the organisation that runs the organisation fiche."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.roles.selectors import administered_organisations


class RepresentationStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    APPROVED = "approved", _("confirmed")
    REFUSED = "refused", _("refused")


class RepresentationRequestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The person's own requests, and for an organisation admin the requests for the fiches of the organisations
        they administer (superadmins: all)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(
            Q(user=user) | Q(member_organisation__organisation__in=administered_organisations(user).values("pk"))
        )


class RepresentationRequest(models.Model):
    """One person asking to represent one organisation fiche: one row per (person, fiche), whatever they do twice
    (the unique constraint holds under concurrent requests; asking again after a refusal reopens the row)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("person"),
    )
    member_organisation = models.ForeignKey(
        "wg_themes.MemberOrganisation",
        on_delete=models.CASCADE,
        related_name="representation_requests",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=RepresentationStatus.choices, default=RepresentationStatus.PENDING
    )
    reason = models.TextField(_("reason of a refusal"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RepresentationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("request to represent an organisation")
        verbose_name_plural = _("requests to represent an organisation")
        constraints = [
            models.UniqueConstraint(fields=["user", "member_organisation"], name="representationrequest_unique")
        ]
        indexes = [models.Index(fields=["member_organisation", "status"])]

    def __str__(self):
        return f"{self.user} · {self.member_organisation}"
