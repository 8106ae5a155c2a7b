"""Moderation on the public site (issue 4): reports (Melden) on posts and reactions, and members blocked in a
theme. Who sees which report or block is defined in :mod:`participation.access`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from participation.access import block_visibility, report_visibility
from participation.posts.models import Post, Reaction


class ReportReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or hurtful")
    PERSONAL_DATA = "personal_data", _("Personal data of someone")
    OTHER = "other", pgettext_lazy("report reason", "Something else")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    KEPT = "kept", _("Kept: the moderator left the item online")
    REMOVED = "removed", _("Removed by a moderator")


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=ReportStatus.OPEN)

    def visible_to(self, user, *, access=None):
        """Reports `user` may see: the ones they filed, and every report on the themes they moderate. Nobody
        else ever learns who reported what."""
        return self.filter(report_visibility(user, access=access))


class Report(models.Model):
    """A member reports (meldt) a post or a reaction: one report per member and item.

    ``post`` is always set (for a reaction: the post it belongs to), ``reaction`` only for a report on a
    reaction; ``theme`` is the post's theme, so moderation queues filter on one column. After
    ``ThemePage.report_threshold`` distinct open reports the item hides itself until a moderator decides.
    """

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="reports")
    theme = models.ForeignKey("wg_themes.ThemePage", on_delete=models.CASCADE, related_name="reports")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports")
    reaction = models.ForeignKey(Reaction, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("explanation"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_reason = models.TextField(_("reason for the decision"), blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "post"], condition=Q(reaction__isnull=True), name="report_unique_post"
            ),
            models.UniqueConstraint(
                fields=["reporter", "reaction"], condition=Q(reaction__isnull=False), name="report_unique_reaction"
            ),
        ]
        indexes = [
            models.Index(fields=["theme", "status", "created_at"], name="report_theme_status"),
            models.Index(fields=["post", "reaction", "status"], name="report_item_status"),
        ]

    def __str__(self):
        return f"{self.reporter} ⚑ {self.reaction_id or self.post_id} · {self.reason}"

    def get_absolute_url(self):
        return self.item.get_absolute_url()

    @property
    def item(self):
        """The reported post or reaction."""
        return self.reaction if self.reaction_id else self.post


class BlockQuerySet(models.QuerySet):
    def visible_to(self, user, *, access=None):
        """Blocks `user` may see: their own, and those of the themes they moderate."""
        return self.filter(block_visibility(user, access=access))


class Block(models.Model):
    """A member blocked in a theme by a moderator: they can still read, but not post, react, star or report
    there. Unblocking deletes the row (the audit log keeps the history)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="theme_blocks")
    theme = models.ForeignKey("wg_themes.ThemePage", on_delete=models.CASCADE, related_name="blocks")
    reason = models.TextField(_("reason"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = BlockQuerySet.as_manager()

    class Meta:
        verbose_name = _("blocked member")
        verbose_name_plural = _("blocked members")
        constraints = [models.UniqueConstraint(fields=["user", "theme"], name="block_unique")]
        indexes = [models.Index(fields=["theme", "created_at"], name="block_theme_created")]

    def __str__(self):
        return f"{self.user} ⊘ {self.theme_id}"
