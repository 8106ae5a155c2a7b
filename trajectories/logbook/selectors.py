"""Reads of the logbook, each from ``existence_visible_to``, noted for the access log."""

from django.db.models import Q

from trajectories.access import item_existence
from trajectories.items.selectors import kind_for_model, show_all
from trajectories.logbook.models import LogEntry

LOGBOOK_PAGE = 20


def latest_log_entries(request, space, limit=5):
    """The latest log entries the viewer may know exist (placeholders for the young person)."""
    entries = list(
        LogEntry.objects.existence_visible_to(request.user, space=space).order_by("-created_at", "-pk")[:limit]
    )
    return show_all(request, space, kind_for_model(LogEntry), entries, chosen=False)


def log_entries(request, space, *, before=None, limit=LOGBOOK_PAGE):
    """A page of the logbook, newest first, and the id to continue from (keyset on time and id)."""
    qs = LogEntry.objects.existence_visible_to(request.user, space=space).prefetch_related("chosen")
    if before is not None:
        known = LogEntry.objects.filter(item_existence(LogEntry, request.user, space=space), pk=before)
        cursor = known.values("created_at", "pk").first()
        if cursor is not None:
            qs = qs.filter(
                Q(created_at__lt=cursor["created_at"]) | Q(created_at=cursor["created_at"], pk__lt=cursor["pk"])
            )
    entries = list(qs.order_by("-created_at", "-pk")[: limit + 1])
    more = len(entries) > limit
    entries = entries[:limit]
    shown = show_all(request, space, kind_for_model(LogEntry), entries)
    return shown, (entries[-1].pk if more and entries else None)
