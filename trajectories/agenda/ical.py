"""The personal calendar feed as iCal (RFC 5545): its address and its text. The file leaves the platform, so it
carries the time, a neutral summary and the link per appointment, nothing else (SEC-22)."""

from datetime import UTC

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from trajectories.agenda.mail import absolute_url
from trajectories.agenda.selectors import kind


def feed_url(token):
    return absolute_url(reverse("trajectories:agenda_feed", args=[token]))


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
