"""Item kinds of the Agenda and Documenten tools (issue 5 §4): appointments, documents and their versions, and
the personal calendar feed. Imported by :mod:`trajectories.models`; registered in
:mod:`trajectories.kinds_tools`. Who sees them is the same rule as every item (:mod:`trajectories.access`).
"""

import os
import secrets
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from trajectories.models import Participant, SpaceItem

# --- Agenda ---------------------------------------------------------------------------------------------------


def new_room_name():
    """A video-call room nobody can guess: 128 random bits (the room name is the only key to a Jitsi room)."""
    return f"werkruimte-{secrets.token_hex(16)}"


class Appointment(SpaceItem):
    """An appointment in the space's agenda (never called "afspraak" alone in the interface: that word is for the
    plan's agreements). With a place, a video call on the configured Jitsi Meet server, or both."""

    title = models.CharField(_("what"), max_length=200)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_call = models.BooleanField(_("video call"), default=False)
    video_room = models.CharField(max_length=64, blank=True, editable=False)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("appointment")
        verbose_name_plural = _("appointments")
        indexes = [models.Index(fields=["trajectory", "start"], name="appointment_trajectory_start")]
        constraints = [
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="appointment_ends_after_start")
        ]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title

    def save(self, *args, **kwargs):
        if self.video_call and not self.video_room:
            self.video_room = new_room_name()
        super().save(*args, **kwargs)

    @property
    def video_url(self):
        """The room's address: show it only to who may read the appointment (it is the key to the room)."""
        if not self.video_call or not self.video_room:
            return ""
        base = getattr(settings, "JITSI_BASE_URL", "https://meet.jit.si") or "https://meet.jit.si"
        return f"{base.rstrip('/')}/{self.video_room}"

    def validate_in_space(self, *, space, previous=None):
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = _("The appointment ends before it starts. Choose an end time after the start time.")
        start_changed = previous is None or previous.get("start") != self.start
        if self.start and start_changed and self.start < timezone.now():
            errors["start"] = _("This time is in the past. Choose a time that is still to come.")
        if not self.place and not self.video_call:
            errors["place"] = _("Write where the appointment is, or choose a video call.")
        if errors:
            raise ValidationError(errors)


class CalendarFeed(models.Model):
    """A person's secret calendar link (iCal): only the SHA-256 of the token is kept; a new link replaces the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self):
        return f"calendar feed of user {self.user_id}"


# --- Documents ------------------------------------------------------------------------------------------------


def files_root():
    return getattr(settings, "TRAJECTORY_FILES_ROOT", None) or Path(settings.MEDIA_ROOT).parent / "werkruimte-bestanden"


class SpaceFilesStorage(FileSystemStorage):
    """Files of the spaces live outside the media folder and have no URL (``.url()`` raises): they are only ever
    served by the download view, which checks ``visible_to`` (SEC-06). The folder is read from the settings at
    each use (``TRAJECTORY_FILES_ROOT``), so tests and deployments can move it."""

    @property
    def base_location(self):
        return str(files_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def files_storage():
    return SpaceFilesStorage()


def version_path(instance, filename):
    """A random name on disk: the original name is kept in the database only."""
    return f"{instance.document.trajectory_id}/{uuid.uuid4().hex}"


class DocumentKind(models.TextChoices):
    FILE = "file", _("File")
    TEXT = "text", _("Text written here")


class Document(SpaceItem):
    """A document of the space: an uploaded file or a text written in the browser, each with its versions.

    ``version`` is the number of the newest version: a text is saved only over the version it was based on
    (optimistic locking), so two people editing at once never overwrite each other.
    """

    title = models.CharField(_("name of the document"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=DocumentKind.choices, default=DocumentKind.FILE)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["trajectory", "-updated_at"], name="document_trajectory_updated")]

    def __str__(self):
        return self.title

    def item_title(self):
        return self.title

    @property
    def is_text(self):
        return self.kind == DocumentKind.TEXT


class DocumentVersion(models.Model):
    """One version of a document: a checked file (name, type and size as checked) or a text (plain text with light
    Markdown, shown through nh3). Versions are never changed; a new one is added."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(storage=files_storage, upload_to=version_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=160, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    text = models.TextField(blank=True)
    author = models.ForeignKey(Participant, on_delete=models.RESTRICT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="documentversion_unique_number")]

    def __str__(self):
        return f"{self.document_id} v{self.number}"

    @cached_property
    def html(self):
        from core.content.services import render_member_text

        return render_member_text(self.text)
