"""The Documenten of a space (issue 5 §4): documents (an item kind, registered in
:mod:`trajectories.documents.hooks`), each an uploaded file or a text written in the browser, with its versions.
Files live outside the media folder and have no URL: only the download view serves them, after ``visible_to``.
"""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from core.content.services import render_member_text
from trajectories.items.models import SpaceItem
from trajectories.spaces.models import Participant


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
        return render_member_text(self.text)
