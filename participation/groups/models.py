"""Memberships of working groups: a person's membership of a theme (joining a theme covers its subthemes).

Who sees which membership is defined in :mod:`participation.access` (``membership_visibility``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from participation.access import MembershipStatus, membership_visibility

__all__ = ["Membership", "MembershipQuerySet", "MembershipStatus"]


class MembershipQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=MembershipStatus.APPROVED)

    def visible_to(self, user):
        """Memberships `user` may see: their own, those of themes they are a member of (display names only are
        shown), and all of the themes they moderate."""
        return self.filter(membership_visibility(user))


class Membership(models.Model):
    """A person's membership of a theme (working group). Joining a theme covers all its subthemes."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    theme = models.ForeignKey("wg_themes.ThemePage", on_delete=models.CASCADE, related_name="memberships")
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    on_behalf_of = models.ForeignKey(
        "wg_themes.MemberOrganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    # How the person got in. Members' posts are written for the members a moderator admits; someone who joined
    # a group at once because it had become open since was never part of that audience, so the members' posts
    # written before they joined stay out of their sight (participation.access).
    joined_at_once = models.BooleanField(
        _("joined at once"),
        default=False,
        help_text=_("Joined an open working group without a moderator's decision."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "theme"], name="membership_unique")]
        indexes = [models.Index(fields=["theme", "status", "created_at"], name="membership_theme_status")]

    def __str__(self):
        return f"{self.user} · {self.theme_id} · {self.status}"
