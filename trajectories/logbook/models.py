"""The logbook (logboek) of a space: what happened, written by any participant, with an optional mood."""

from typing import ClassVar

from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from trajectories.items.models import SpaceItem


class Mood(models.TextChoices):
    GOOD = "good", _("Good")
    OKAY = "okay", _("Okay")
    BAD = "bad", _("Not good")


class LogEntry(SpaceItem):
    """An entry in the logbook (logboek): what happened, written by any participant, with an optional mood."""

    EDITABLE_BY: ClassVar[str] = "author"
    VERSIONED_FIELDS = ("text", "mood")

    text = models.TextField(_("what happened"))
    mood = models.CharField(_("mood"), max_length=10, choices=Mood.choices, blank=True)

    class Meta:
        verbose_name = _("log entry")
        verbose_name_plural = _("log entries")
        indexes = [models.Index(fields=["trajectory", "-created_at", "-id"], name="logentry_trajectory_latest")]

    def __str__(self):
        return self.item_title()

    def item_title(self):
        return Truncator(self.text.replace("\n", " ")).chars(60)
