"""Filters of the export's overview (``trajectories/export/overview.html``)."""

from django import template
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def moment(value):
    """An ISO moment of the export's data in local time, as the PDF shows it ("4 december 2026 14:00"): the JSON
    keeps UTC, but a confirmed appointment must read at the hour people meet."""
    when = parse_datetime(value) if isinstance(value, str) else value
    if when is None:
        return value or ""
    return formats.date_format(timezone.localtime(when) if timezone.is_aware(when) else when, "j F Y H:i")
