"""Writing the access log (NEN 7513, SEC-14): every read and write of a space's content leaves a row.

* Writes: services call :func:`record` inside their own transaction, so the row exists exactly when the change
  does.
* Reads in a space's pages: views and dashboard widgets call :func:`note_reads` for what they show; the space
  view wrapper (:func:`trajectories.views.space_view`) renders the response and then writes all noted reads in
  one ``INSERT`` before the response leaves (:func:`flush_reads`). Reads outside a page (an export, a feed) call
  :func:`record_reads`, which writes at once.
* Refusals: :func:`record_denied` when someone asks for a space or an item they may not see (ASVS 16.3.2). The
  young person and the coordinator see those attempts in their log too.
"""

from trajectories.models import AccessAction, AccessLogEntry, AccessOutcome, Trajectory

SPACE = "trajectory"
PARTICIPANT = "participant"
PENDING_ATTRIBUTE = "_trajectory_reads"


def _actor_fields(user, participant):
    if participant is not None:
        name = participant.label
        behalf = participant.organisation_label if participant.is_professional else participant.relation
    elif user is not None and user.is_authenticated:
        name, behalf = user.display_name or user.email, ""
    else:
        name, behalf = "", ""
    return {
        "actor": user if user is not None and user.is_authenticated else None,
        "participant": participant,
        "actor_name": name[:120],
        "on_behalf_of": (behalf or "")[:160],
    }


def entry(*, space, item_type, item_id, action, outcome=AccessOutcome.GRANTED):
    """An unsaved log row for what `space`'s viewer did."""
    return AccessLogEntry(
        trajectory_id=space.pk,
        item_type=item_type,
        item_id=item_id,
        action=action,
        outcome=outcome,
        **_actor_fields(space.me.user, space.me),
    )


def record(*, space, item_type, item_id, action, outcome=AccessOutcome.GRANTED):
    """Write one row now (call inside the transaction of the change it records)."""
    row = entry(space=space, item_type=item_type, item_id=item_id, action=action, outcome=outcome)
    row.save()
    return row


def record_as(*, trajectory_id, user, participant, item_type, item_id, action, outcome=AccessOutcome.GRANTED):
    """Write one row for someone without a seat in the space (an invited person who declines)."""
    row = AccessLogEntry(
        trajectory_id=trajectory_id,
        item_type=item_type,
        item_id=item_id,
        action=action,
        outcome=outcome,
        **_actor_fields(user, participant),
    )
    row.save()
    return row


def record_reads(*, space, item_type, item_ids, outcome=AccessOutcome.GRANTED):
    """Write a read row per item now, in one query."""
    rows = [
        entry(space=space, item_type=item_type, item_id=pk, action=AccessAction.READ, outcome=outcome)
        for pk in item_ids
    ]
    if rows:
        AccessLogEntry.objects.bulk_create(rows)


def note_reads(request, *, space, item_type, item_ids, outcome=AccessOutcome.GRANTED):
    """Remember that the page being rendered shows these items; :func:`flush_reads` writes them."""
    pending = getattr(request, PENDING_ATTRIBUTE, None)
    if pending is None:
        pending = []
        setattr(request, PENDING_ATTRIBUTE, pending)
    seen = {(row.item_type, row.item_id, row.outcome) for row in pending}
    for pk in item_ids:
        if (item_type, pk, outcome) not in seen:
            pending.append(
                entry(space=space, item_type=item_type, item_id=pk, action=AccessAction.READ, outcome=outcome)
            )
            seen.add((item_type, pk, outcome))


def flush_reads(request):
    """Write every noted read of this request in one query (before the response is returned)."""
    pending = getattr(request, PENDING_ATTRIBUTE, None)
    if pending:
        AccessLogEntry.objects.bulk_create(pending)
        pending.clear()


def record_denied(*, user, trajectory_id, item_type=SPACE, item_id=None, space=None):
    """Record a refused attempt on an existing space (nothing is written for a space that does not exist)."""
    try:
        trajectory_id = int(trajectory_id)
    except (TypeError, ValueError):
        return None
    if space is None and not Trajectory.objects.filter(pk=trajectory_id).exists():
        return None
    participant = space.me if space is not None else None
    row = AccessLogEntry(
        trajectory_id=trajectory_id,
        item_type=item_type,
        item_id=item_id if item_id is not None else (trajectory_id if item_type == SPACE else None),
        action=AccessAction.DENIED,
        outcome=AccessOutcome.REFUSED,
        **_actor_fields(user, participant),
    )
    row.save()
    return row
