"""The Agenda of a space (issue 5 §4): appointments (an item kind, registered in
:mod:`trajectories.agenda.hooks`) and the personal calendar feed. Who sees an appointment is the same rule as
every item (:mod:`trajectories.access`).

Planning together (issue 13 §3): a participant proposes an appointment with one to five times
(:class:`AppointmentProposal`, :class:`ProposalOption`) to the people they invite; each answers yes, maybe or no per
time (:class:`ProposalAnswer`, one row per person and time); the proposer (or whoever holds regie) confirms one,
which puts the appointment in the agenda of the people invited. The young person can decline an appointment
someone else put in her agenda (:class:`AppointmentDecline`). Who reads a proposal: the proposer and the invited
(``trajectories.access.proposal_visibility``).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories import access
from trajectories.items.models import SpaceItem
from trajectories.spaces.models import Participant, Trajectory


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


# --- Planning together (issue 13 §3) ----------------------------------------------------------------------------

MAX_OPTIONS = 5  # a proposal offers one to five times


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("Waiting for answers")
    CONFIRMED = "confirmed", _("Confirmed")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    MAYBE = "maybe", _("Maybe")
    NO = "no", _("No")


class AppointmentProposalQuerySet(models.QuerySet):
    def visible_to(self, user, *, space=None):
        """Proposals `user` may read: the ones their seat made or is invited to, in a space they take part in now
        (``trajectories.access.proposal_visibility``). Pass `space` inside one space."""
        return self.filter(access.proposal_visibility(self.model, user, space=space))


class AppointmentProposal(models.Model):
    """A proposed appointment with one to five times, for the participants the proposer invites. Confirming one
    time makes the :class:`Appointment` (for the invited) and keeps it in ``appointment``."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    proposer = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+", verbose_name=_("proposed by"))
    invited = models.ManyToManyField(Participant, related_name="appointment_proposals", verbose_name=_("invited"))
    title = models.CharField(_("what"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_call = models.BooleanField(_("video call"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    confirmed_option = models.ForeignKey(
        "ProposalOption", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    appointment = models.ForeignKey(Appointment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    objects = AppointmentProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("proposed appointment")
        verbose_name_plural = _("proposed appointments")
        indexes = [models.Index(fields=["trajectory", "status", "-created_at"], name="proposal_space_status")]

    def __str__(self):
        return self.title

    @property
    def is_open(self):
        return self.status == ProposalStatus.OPEN


class ProposalOption(models.Model):
    """One time a proposal offers. The same time twice in one proposal is refused (and the database says so)."""

    proposal = models.ForeignKey(AppointmentProposal, on_delete=models.CASCADE, related_name="options")
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))

    class Meta:
        verbose_name = _("proposed time")
        verbose_name_plural = _("proposed times")
        ordering = ["start", "end", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "start", "end"], name="proposal_option_unique_time"),
            models.CheckConstraint(condition=models.Q(end__gt=models.F("start")), name="proposal_option_ends_after"),
        ]

    def __str__(self):
        return f"{self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"


class ProposalAnswer(models.Model):
    """One person's answer for one time: one row per person and time (answering again changes it). Concurrent
    answers never clash: each is an insert-or-update on this unique pair."""

    proposal = models.ForeignKey(AppointmentProposal, on_delete=models.CASCADE, related_name="answers")
    option = models.ForeignKey(ProposalOption, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=5, choices=Answer.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("answer to a proposed time")
        verbose_name_plural = _("answers to proposed times")
        constraints = [models.UniqueConstraint(fields=["option", "participant"], name="proposal_answer_one_per_person")]

    def __str__(self):
        return f"{self.participant_id}: {self.answer}"


class AppointmentDecline(models.Model):
    """The young person says she will not come to an appointment someone else put in her agenda (the author is
    told). It stays in her agenda, marked as declined, and she gets no reminder for it."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE, related_name="declines")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    declined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("declined appointment")
        verbose_name_plural = _("declined appointments")
        constraints = [models.UniqueConstraint(fields=["appointment", "participant"], name="appointment_decline_once")]

    def __str__(self):
        return f"{self.appointment_id}: {self.participant_id}"
