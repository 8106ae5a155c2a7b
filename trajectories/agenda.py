"""The Agenda of a space (issue 5 §4): reading appointments, the personal calendar feed (iCal) and reminders.

Appointments are written through the generic item services (:func:`trajectories.services.item_create` and
``item_update``), which call :meth:`Appointment.validate_in_space` and write the access log.

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
from datetime import UTC, timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from core.outbox import queue_mail
from trajectories import audit
from trajectories.access import Space, seat_condition
from trajectories.models import (
    AccessAction,
    AccessOutcome,
    Participant,
    ParticipantStatus,
    TrajectoryStatus,
    hash_token,
)
from trajectories.models_tools import Appointment, CalendarFeed
from trajectories.presenters import show_all
from trajectories.registry import kind_for_model

FEED_PAST_DAYS = 31
FEED_LIMIT = 500
AGENDA_PAST_LIMIT = 50
REMINDER_HOURS = 24


def absolute_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


def kind():
    return kind_for_model(Appointment)


# --- Reading inside a space -----------------------------------------------------------------------------------


def upcoming(request, space, *, limit=None):
    """Appointments that have not ended, soonest first, that the viewer may know exist (placeholders for the
    young person), wrapped and noted for the access log."""
    qs = (
        Appointment.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, end__gte=timezone.now())
        .prefetch_related("chosen")
        .order_by("start", "pk")
    )
    rows = list(qs[:limit] if limit else qs)
    return show_all(request, space, kind(), rows)


def next_appointments(request, space, limit=5):
    """The dashboard widget: the next few appointments (one query)."""
    rows = list(
        Appointment.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, end__gte=timezone.now())
        .order_by("start", "pk")[:limit]
    )
    return show_all(request, space, kind(), rows, chosen=False)


def past(request, space, *, limit=AGENDA_PAST_LIMIT):
    rows = list(
        Appointment.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, end__lt=timezone.now())
        .prefetch_related("chosen")
        .order_by("-start", "-pk")[:limit]
    )
    return show_all(request, space, kind(), rows)


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


def feed_url(token):
    return absolute_url(reverse("trajectories:agenda_feed", args=[token]))


def feed_owner(token):
    """The user of a calendar token, or None (unknown, replaced, or an account that is no longer active)."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def feed_appointments(user):
    """What a feed lists: appointments `user` may read in any of their spaces, from a month ago on."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return list(
        Appointment.objects.visible_to(user)
        .filter(end__gte=since)
        .only("pk", "trajectory_id", "start", "end", "created_at", "updated_at")
        .order_by("start", "pk")[:FEED_LIMIT]
    )


def record_feed_reads(user, appointments):
    """Every appointment a feed hands out is a read in its space's access log (one INSERT)."""
    space_ids = {row.trajectory_id for row in appointments}
    seats = (
        Participant.objects.filter(
            user_id=user.pk, trajectory_id__in=space_ids, status=ParticipantStatus.ACTIVE, contact_ban=False
        )
        .select_related("trajectory", "user", "care_organisation")
        .with_declaration()
    )
    spaces = {seat.trajectory_id: Space(trajectory=seat.trajectory, me=seat, participants=[]) for seat in seats}
    rows = [
        audit.entry(
            space=spaces[row.trajectory_id],
            item_type=kind().key,
            item_id=row.pk,
            action=AccessAction.READ,
            outcome=AccessOutcome.GRANTED,
        )
        for row in appointments
        if row.trajectory_id in spaces
    ]
    if rows:
        from trajectories.models import AccessLogEntry

        AccessLogEntry.objects.bulk_create(rows)


def _ical_escape(text):
    return str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _ical_time(value):
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line):
    """RFC 5545 §3.1: lines longer than 75 octets are folded."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def render_ical(appointments):
    """The iCal text of a feed: time, a neutral summary and the link per appointment, nothing else."""
    with translation.override(settings.LANGUAGE_CODE):
        from django.utils.translation import gettext

        summary = gettext("Appointment (collaboration space)")
        calendar_name = gettext("My collaboration spaces")
    domain = settings.WAGTAILADMIN_BASE_URL.split("://", 1)[-1].split("/", 1)[0] or "werkgroepen"
    now = timezone.now()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Werkgroepen//Werkruimte agenda//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_ical_escape(calendar_name)}",
    ]
    for row in appointments:
        url = absolute_url(kind().item_url(row.trajectory_id, row.pk))
        lines += [
            "BEGIN:VEVENT",
            f"UID:appointment-{row.pk}@{domain}",
            f"DTSTAMP:{_ical_time(now)}",
            f"LAST-MODIFIED:{_ical_time(row.updated_at)}",
            f"DTSTART:{_ical_time(row.start)}",
            f"DTEND:{_ical_time(row.end)}",
            f"SUMMARY:{_ical_escape(summary)}",
            f"URL:{url}",
            f"DESCRIPTION:{_ical_escape(url)}",
            "CLASS:PRIVATE",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"


# --- Reminders ------------------------------------------------------------------------------------------------


def reminder_message(*, appointment, language=None):
    """Subject and body of a reminder: the time and the link only, never the title, place or notes (SEC-22)."""
    link = absolute_url(kind().item_url(appointment.trajectory_id, appointment.pk))
    with translation.override(language or settings.LANGUAGE_CODE):
        start = timezone.localtime(appointment.start)
        context = {
            "link": link,
            "day": date_format(start, "l j F Y"),
            "time": date_format(start, "H:i"),
        }
        subject = render_to_string("trajectories/email/reminder_subject.txt", context).strip()
        body = render_to_string("trajectories/email/reminder_body.txt", context)
    return subject, body


def reminder_key(appointment, participant):
    return f"trajectories:reminder:{appointment.pk}:{participant.pk}:{appointment.start.isoformat()}"


def send_reminders(*, hours=REMINDER_HOURS, now=None):
    """Queue a reminder for every appointment starting within `hours` to every participant who may read it.
    Returns the number of reminders queued this run (a second run queues none: the outbox key is unique)."""
    from core.models import OutboundMessage

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
