"""Reads of Berichten, each starting from ``visible_to`` / ``existence_visible_to`` of the thread model.

Every function reads inside one space as its viewer (a :class:`trajectories.access.Space`) and costs a fixed
number of queries, whatever the number of threads or messages.
"""

from django.db.models import BooleanField, Case, F, IntegerField, OuterRef, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce

from trajectories.access import seat_condition
from trajectories.items.selectors import kind_for_model, show_all
from trajectories.messaging.models import Message, MessageThread, ThreadReadState

THREAD_PAGE = 50
MESSAGE_PAGE = 100


def _with_unread(qs, space):
    read = ThreadReadState.objects.filter(thread_id=OuterRef("pk"), participant_id=space.me.pk).values("read_count")
    return qs.annotate(
        read_count=Coalesce(Subquery(read[:1], output_field=IntegerField()), Value(0)),
    ).annotate(unread=F("message_count") - F("read_count"))


def threads(request, space, *, limit=THREAD_PAGE):
    """The viewer's threads, latest activity first: readable ones with their unread number; for the young person
    also placeholders of threads they may only know exist (who started it, when)."""
    qs = MessageThread.objects.existence_visible_to(request.user, space=space).prefetch_related("chosen")
    rows = list(_with_unread(qs, space).order_by("-last_message_at", "-pk")[:limit])
    shown = show_all(request, space, kind_for_model(MessageThread), rows)
    for row, item in zip(shown, rows, strict=True):
        row.unread = max(item.unread, 0) if row.content_visible else 0
    return shown


def unread_threads(request, space, *, limit=5):
    """Readable threads with unread messages (the Overzicht widget), and the total number of unread messages."""
    qs = _with_unread(MessageThread.objects.visible_to(request.user, space=space), space).filter(unread__gt=0)
    rows = list(qs.order_by("-last_message_at", "-pk")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    for row in rows:
        row.content_visible, row.editable = True, False
    shown = show_all(request, space, kind_for_model(MessageThread), rows, chosen=False)
    for row, item in zip(shown, rows, strict=True):
        row.unread = item.unread
    total = sum(row.unread for row in shown)
    if more:
        total = qs.aggregate(total=Sum("unread"))["total"] or 0
    return {"rows": shown, "more": more, "total": total}


def thread(request, space, pk, *, with_chosen=True):
    """One thread the viewer may know exists, annotated (``content_visible``, ``unread``), or None."""
    qs = MessageThread.objects.existence_visible_to(request.user, space=space).filter(trajectory_id=space.pk, pk=pk)
    if with_chosen:
        qs = qs.prefetch_related("chosen")
    return _with_unread(qs, space).first()


def messages(thread, *, after=None, limit=MESSAGE_PAGE):
    """The latest `limit` messages of a thread the caller already found readable, oldest first; with `after`, only
    the messages written after that id (the 2-second poll). Returns (messages, whether older ones exist)."""
    qs = Message.objects.filter(thread_id=thread.pk)
    if after is not None:
        rows = list(qs.filter(pk__gt=after).order_by("pk")[:limit])
        return rows, False
    rows = list(qs.order_by("-pk")[: limit + 1])
    more = len(rows) > limit
    return list(reversed(rows[:limit])), more


def thread_readers(space, thread):
    """The active participants who may read `thread`, by the one rule (one query for all of them)."""
    people = [p for p in space.active_participants if p.user_id is not None]
    if not people:
        return []
    flags = {
        f"r{p.pk}": Case(
            When(seat_condition(MessageThread, p), then=Value(True)), default=Value(False), output_field=BooleanField()
        )
        for p in people
    }
    row = MessageThread.objects.filter(pk=thread.pk).annotate(**flags).values(*flags).first() or {}
    return [p for p in people if row.get(f"r{p.pk}")]


def unread_since(thread, participants):
    """For each of `participants` (ids) where their unread messages in `thread` begin, as ``(position, moment)``: how
    many messages they have seen, and the time of the first one they have not seen (None when they saw everything). One query for the read positions, then one
    per distinct position (people who read up to the same message share it), each a single indexed row."""
    positions = dict(
        ThreadReadState.objects.filter(thread=thread, participant_id__in=participants).values_list(
            "participant_id", "read_count"
        )
    )
    wanted = {positions.get(pk, 0) for pk in participants}
    ordered = Message.objects.filter(thread=thread).order_by("pk").values_list("created_at", flat=True)
    firsts = {position: next(iter(ordered[position : position + 1]), None) for position in wanted}
    return {pk: (positions.get(pk, 0), firsts.get(positions.get(pk, 0))) for pk in participants}
