"""The Agenda of a space (issue 5 §4): appointments (an item kind, registered in
:mod:`trajectories.agenda.hooks`) and the personal calendar feed. Who sees an appointment is the same rule as
every item (:mod:`trajectories.access`).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.items.models import SpaceItem


def new_room_name():
    """A video-call room nobody can guess: 128 random bits (the room name is the only key to a Jitsi room)."""
    return f"werkruimte-{secrets.token_hex(16)}"


class Appointment(SpaceItem):
    """An appointment in the space's agenda (never called "afspraak" alone in the interface: that word is for the
    plan's agreements). With a place, a video call on the configured Jitsi Meet server, or both."""

    VERSIONED_FIELDS = ("title", "start", "end", "place", "video_call", "notes")

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
