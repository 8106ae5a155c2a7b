"""Reads of the Agenda: the appointments of a space as its viewer may see them (noted for the access log), and
the personal calendar feed's owner and appointments."""

from datetime import timedelta

from django.utils import timezone

from trajectories.agenda.models import Appointment, CalendarFeed
from trajectories.items.selectors import kind_for_model, show_all
from trajectories.spaces.models import hash_token

FEED_PAST_DAYS = 31
FEED_LIMIT = 500
AGENDA_PAST_LIMIT = 50


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


def has_feed(user):
    return CalendarFeed.objects.filter(user_id=user.pk).exists()


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
