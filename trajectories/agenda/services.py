"""The Agenda of a space (issue 5 §4): reading appointments, the personal calendar feed (iCal) and reminders.

Appointments are written through the generic item services (:func:`trajectories.items.services.item_create` and
``item_update``), which call :meth:`Appointment.validate_in_space` and write the access log. This module holds the
Agenda's own writes: the calendar link (a new one, its use), the reads of the feed for the access log, and the
reminders.

* The feed (``/werkruimte/agenda/<token>.ics``) lists the appointments the token's owner may read across their
  spaces (``Appointment.objects.visible_to``), with only the time, a neutral summary and the link: the file
  leaves the platform, so it never carries a title, a place, notes or a video link (SEC-22). Only the token's
  SHA-256 is stored; a new link makes the old one answer 404. Every listed appointment is a read in the log.
* Reminders (``manage.py send_appointment_reminders``) mail each participant who may read an appointment some
  hours before it starts: no care content, only the time and the link. The outbox key per appointment,
  participant and start time makes a second run send nothing (REL-03); the outbox checks ``visible_to`` again
  when the mail leaves (SEC-05).
"""

import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from core.models import OutboundMessage
from core.outbox.services import queue_mail
from trajectories.access import TrajectoryStatus, seat_condition
from trajectories.agenda.mail import reminder_key, reminder_message
from trajectories.agenda.models import Appointment, CalendarFeed
from trajectories.agenda.selectors import kind
from trajectories.audit import services as audit
from trajectories.spaces.models import Participant, hash_token

REMINDER_HOURS = 24


# --- The personal calendar feed -------------------------------------------------------------------------------


@transaction.atomic
def feed_reset(*, user):
    """Give `user` a new secret calendar link and return its token (shown once). The previous link stops working
    at once: only the hash of the newest token is kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hash_token(token), "created_at": timezone.now(), "last_used_at": None}
    )
    return token


def feed_used(*, feed):
    """Remember when a calendar link was last used (one statement, no transaction of its own needed)."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())


def record_feed_reads(*, user, appointments):
    """Every appointment a feed hands out is a read in its space's access log (one INSERT)."""
    space_ids = {row.trajectory_id for row in appointments}
    seats = (
        Participant.objects.active()
        .filter(user_id=user.pk, trajectory_id__in=space_ids)
        .select_related("trajectory", "user", "care_organisation")
        .with_declaration()
    )
    audit.record_seat_reads(
        seats={seat.trajectory_id: seat for seat in seats},
        item_type=kind().key,
        item_ids=[(row.trajectory_id, row.pk) for row in appointments],
    )


# --- Reminders ------------------------------------------------------------------------------------------------


def send_reminders(*, hours=REMINDER_HOURS, now=None):
    """Queue a reminder for every appointment starting within `hours` to every participant who may read it.
    Returns the number of reminders queued this run (a second run queues none: the outbox key is unique)."""
    now = now or timezone.now()
    window = list(
        Appointment.objects.filter(
            start__gt=now, start__lte=now + timedelta(hours=hours), trajectory__status=TrajectoryStatus.ACTIVE
        ).order_by("start", "pk")
    )
    if not window:
        return 0
    by_pk = {row.pk: row for row in window}
    seats = (
        Participant.objects.active()
        .filter(trajectory_id__in={row.trajectory_id for row in window}, user__isnull=False, user__is_active=True)
        .with_declaration()
        .select_related("user")
    )
    queued = 0
    for seat in seats:
        readable = Appointment.objects.filter(seat_condition(Appointment, seat), pk__in=list(by_pk)).values_list(
            "pk", flat=True
        )
        for pk in readable:
            appointment = by_pk[pk]
            key = reminder_key(appointment, seat)
            if OutboundMessage.objects.filter(key=key).exists():
                continue
            subject, body = reminder_message(appointment=appointment)
            with transaction.atomic():
                queue_mail(
                    key=key,
                    email=seat.user.email,
                    subject=subject,
                    body=body,
                    recipient=seat.user,
                    obj=appointment,
                    type="trajectories.appointment_reminder",
                )
            queued += 1
    return queued
