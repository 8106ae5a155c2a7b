"""Reads of the access log: the page of a space's log, as the young person or a coordinator may read it."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from trajectories.audit.models import AccessLogEntry, AccountEventKind
from trajectories.audit.services import ACCOUNT_PREFIX
from trajectories.items.selectors import kind_for_key

ACCESS_LOG_PAGE = 50


def account_event_label(item_type):
    """The words for an account row of the access log ("Logged in after a password reset"), or ""."""
    if not item_type.startswith(ACCOUNT_PREFIX):
        return ""
    kind = item_type[len(ACCOUNT_PREFIX) :]
    return str(AccountEventKind(kind).label) if kind in AccountEventKind.values else ""


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def access_log(request, space, *, start=None, end=None, participant_id=None, before=None, limit=ACCESS_LOG_PAGE):
    """A page of the space's access log, newest first, with the filters of the page (period, person).

    Each row gets ``item_label``: the title of the item when the reader may read it now, otherwise nothing (the
    log never shows content the reader may not see).
    """
    qs = AccessLogEntry.objects.visible_to(request.user, space=space).filter(trajectory_id=space.pk)
    if start:
        qs = qs.filter(at__gte=_day_start(start))
    if end:
        qs = qs.filter(at__lt=_day_start(end + timedelta(days=1)))
    if participant_id:
        qs = qs.filter(participant_id=participant_id)
    if before:
        qs = qs.filter(pk__lt=before)
    rows = list(qs.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    wanted = {}
    for row in rows:
        if kind_for_key(row.item_type) is not None and row.item_id is not None:
            wanted.setdefault(row.item_type, set()).add(row.item_id)
    titles = {}
    for key, ids in wanted.items():
        kind = kind_for_key(key)
        for item in kind.model.objects.visible_to(request.user, space=space).filter(pk__in=ids):
            titles[(key, item.pk)] = item.item_title()
    for row in rows:
        kind = kind_for_key(row.item_type)
        row.kind = kind
        row.item_label = titles.get((row.item_type, row.item_id), "")
        if row.item_type == "participant":
            person = space.participant(row.item_id)
            row.item_label = person.label if person is not None else ""
        elif row.item_type == "trajectory":
            row.item_label = space.trajectory.title
        elif row.item_type.startswith(ACCOUNT_PREFIX):
            row.item_label = account_event_label(row.item_type)
            row.account_event = True
    return rows, (rows[-1].pk if more and rows else None)
