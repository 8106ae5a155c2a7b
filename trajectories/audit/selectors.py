"""Reads of the access log: the page of a space's log, as the young person or a coordinator may read it."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.agenda.selectors import PROPOSAL, proposal_log_kind, proposal_titles
from trajectories.audit.models import AccessAction, AccessLogEntry, AccountEventKind
from trajectories.audit.services import (
    ACCOUNT_PREFIX,
    DELETION_REQUEST,
    SPACE_CLOSED,
    SPACE_DELETED,
    SPACE_EXPORT,
    SPACE_EXPORT_DOWNLOAD,
    SPACE_PHASE,
    SPACE_READERS,
    SPACE_REOPENED,
    SPACE_SIGNED,
    SPACE_SIGNERS,
    SPACE_TRANSFER,
    SPACE_TRANSFER_DONE,
)
from trajectories.items.selectors import kind_for_key

ACCESS_LOG_PAGE = 50

# What happened to the space itself (issue 13 §4), in words for the access log page.
SPACE_EVENTS = {
    SPACE_CLOSED: _("Closed the space"),
    SPACE_REOPENED: _("Opened the space again, with consent"),
    SPACE_READERS: _("Chose who keeps reading the closed space"),
    DELETION_REQUEST: _("Asked to delete something"),
    SPACE_DELETED: _("Deleted the space"),
    SPACE_EXPORT: _("Asked to download the space"),
    SPACE_EXPORT_DOWNLOAD: _("Downloaded the space"),
    SPACE_TRANSFER: _("Asked to transfer the space to another organisation"),
    SPACE_TRANSFER_DONE: _("Transferred the space, with the young person's consent"),
    SPACE_PHASE: _("Moved the trajectory on to its next phase"),
    SPACE_SIGNERS: _("Chose who signs a document"),
    SPACE_SIGNED: _("Signed a document: “I endorse this”"),
}


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
    proposal_ids = {row.item_id for row in rows if row.item_type == PROPOSAL and row.item_id is not None}
    if proposal_ids:  # proposals are no item kind: their titles for who may read them (proposer and invited)
        titles.update({(PROPOSAL, pk): title for pk, title in proposal_titles(request.user, space, proposal_ids)})
    for row in rows:
        kind = kind_for_key(row.item_type) or (proposal_log_kind() if row.item_type == PROPOSAL else None)
        row.kind = kind
        row.item_label = titles.get((row.item_type, row.item_id), "")
        if row.item_type == "participant":
            person = space.participant(row.item_id)
            row.item_label = person.label if person is not None else ""
        elif row.item_type == "trajectory":
            row.item_label = space.trajectory.title
        elif row.item_type in SPACE_EVENTS:
            row.item_label = space.trajectory.title
            row.space_event = SPACE_EVENTS[row.item_type]
        elif row.item_type.startswith(ACCOUNT_PREFIX):
            row.item_label = account_event_label(row.item_type)
            row.account_event = True
    return rows, (rows[-1].pk if more and rows else None)


VISIT_WINDOW = timedelta(seconds=30)


@dataclass
class Visit:
    """Rows of the access log shown together (issue 15 §6): everything one person opened within one page view
    ("bekeek het plan (12 items)"), or one row on its own. Every underlying row stays in the log (NEN 7513) and is
    listed one click away."""

    rows: list
    tool_label: str = ""

    @property
    def first(self):
        return self.rows[0]

    @property
    def grouped(self):
        return len(self.rows) > 1

    @property
    def kinds(self):
        """``(label, count)`` per kind of item, in the order they were opened."""
        counts = {}
        for row in self.rows:
            kind = getattr(row, "kind", None)
            label = str(kind.label_plural if kind else row.item_type)
            counts[label] = counts.get(label, 0) + 1
        return list(counts.items())


def _groups_with(visit, row, tool_labels):
    first = visit.first
    return (
        row.action == AccessAction.READ
        and first.action == AccessAction.READ
        and row.outcome == first.outcome
        and row.participant_id == first.participant_id
        and row.actor_name == first.actor_name
        and getattr(row, "kind", None) is not None
        and getattr(first, "kind", None) is not None
        and tool_labels.get(row.kind.tool) == visit.tool_label
        and first.at - row.at <= VISIT_WINDOW
    )


def visits(rows, tool_labels):
    """The access log page's rows (newest first) as visits: reads by one person of items of one tool within half a
    minute are one visit; anything else stays a row of its own. `tool_labels`: tool slug → its name in the space."""
    shown = []
    for row in rows:
        kind = getattr(row, "kind", None)
        if shown and _groups_with(shown[-1], row, tool_labels):
            shown[-1].rows.append(row)
            continue
        shown.append(Visit(rows=[row], tool_label=tool_labels.get(kind.tool, "") if kind else ""))
    return shown
