"""Filters of the export's overview (``trajectories/export/overview.html``)."""

from django import template

from trajectories.export.pdf import shown_moment

register = template.Library()


@register.filter
def moment(value):
    """An ISO moment of the export's data in local time, as in the PDF ("4 december 2026 14:00"): the JSON keeps UTC,
    but a confirmed appointment must read at the hour people meet."""
    return shown_moment(value) if value else ""
