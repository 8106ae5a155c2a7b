"""Personal-data exports ("Mijn gegevens", SEC-16)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataExportStatus(models.TextChoices):
    PENDING = "pending", _("Being prepared")
    READY = "ready", _("Ready to download")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPIRED = "expired", _("Expired")
    FAILED = "failed", _("Failed")


class DataExportQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Only the person an export is about ever sees it (SEC-16)."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(user=user)


class DataExport(models.Model):
    """A ZIP of everything the site holds about a person ("Mijn gegevens"), built in the background.

    Downloadable once, by that person only, until ``expires_at`` (24 hours after it is ready); the file is
    deleted when it is downloaded or expires. Written only by :mod:`core.privacy.services`.
    """

    public_id = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports")
    status = models.CharField(max_length=10, choices=DataExportStatus.choices, default=DataExportStatus.PENDING)
    file = models.FileField(upload_to="exports/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"export {self.public_id}"
