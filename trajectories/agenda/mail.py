"""The text of an appointment reminder: the time and the link only, never the title, place or notes (SEC-22)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format

from trajectories.agenda.selectors import kind


def absolute_url(path):
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{path}"


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
        subject = render_to_string("trajectories/agenda/email/reminder_subject.txt", context).strip()
        body = render_to_string("trajectories/agenda/email/reminder_body.txt", context)
    return subject, body


def reminder_key(appointment, participant):
    return f"trajectories:reminder:{appointment.pk}:{participant.pk}:{appointment.start.isoformat()}"
