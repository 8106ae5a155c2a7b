"""Export of a space (issue 13 §7): the young person or whoever holds regie downloads everything they may see as a
ZIP — a readable overview (HTML that prints well), JSON, and the files — built in the background."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.spaces.models import Participant, Trajectory

EXPORT_HOURS = 24  # a ready export can be downloaded this long, once


class ExportStatus(models.TextChoices):
    WAITING = "waiting", _("waiting")
    BUILDING = "building", _("being made")
    READY = "ready", _("ready")
    DOWNLOADED = "downloaded", _("downloaded")
    FAILED = "failed", _("failed")


class SpaceExport(models.Model):
    """One export asked for by one person: built in the background (``progress`` in per cent), downloaded once by
    that person only, within :data:`EXPORT_HOURS` of being ready; the file is removed when it is downloaded."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("export of a space")
        verbose_name_plural = _("exports of spaces")
        indexes = [models.Index(fields=["trajectory", "user", "-created_at"], name="spaceexport_latest")]

    def __str__(self):
        return f"{self.trajectory_id} {self.user_id} {self.status}"

    def mark_ready(self, now=None):
        now = now or timezone.now()
        self.status, self.progress, self.ready_at = ExportStatus.READY, 100, now
        self.expires_at = now + timedelta(hours=EXPORT_HOURS)

    @property
    def downloadable(self):
        return self.status == ExportStatus.READY and self.expires_at is not None and self.expires_at > timezone.now()

    @property
    def expired(self):
        return self.status == ExportStatus.READY and not self.downloadable
