"""The record of each UiTdatabank feed import: its summary (new, updated, unchanged, skipped, refused) and the reason
for every refused or cleaned record, shown on the territory screen and mailed as one notification."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedImport(models.Model):
    """One import of a feed for one organisation (from the Import screen, or the nightly command)."""

    organisation = models.ForeignKey("wg_themes.OrganisationPage", on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(_("source"), max_length=500)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("new"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    skipped = models.PositiveIntegerField(_("skipped (outside the territory)"), default=0)
    refused = models.PositiveIntegerField(_("refused"), default=0)
    # [{"id": external id or position, "reason": text, "refused": bool}]: refused records and cleaned ones
    problems = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)  # the whole feed was unreadable

    class Meta:
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-started_at"], name="feedimport_organisation")]

    def __str__(self):
        return f"{self.organisation_id} · {self.started_at:%Y-%m-%d %H:%M}"
