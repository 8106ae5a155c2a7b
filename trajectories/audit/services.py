"""Writing the access log (NEN 7513, SEC-14): every read and write of a space's content leaves a row.

* Writes: services call :func:`record` inside their own transaction, so the row exists exactly when the change
  does.
* Reads in a space's pages: views and dashboard widgets call :func:`note_reads` for what they show (nothing is
  written yet); the space view wrapper (:func:`trajectories.space_view.space_view`) renders the response and then
  writes all noted reads in one ``INSERT`` before the response leaves (:func:`flush_reads`). Reads outside a page
  (an export, the calendar feed) call :func:`record_reads` or :func:`record_seat_reads`, which write at once.
* Refusals: :func:`record_denied` when someone asks for a space or an item they may not see (ASVS 16.3.2). The
  young person and the coordinator see those attempts in their log too.

Account events (issue 9): :func:`account_event_record` remembers that an account's password was reset or a new
address confirmed (allauth's signals, :mod:`trajectories.audit.receivers`); the next log-in writes a row in every
space where the person takes part (:func:`log_in_after_events`).

Who did it, truthfully (issue 9): every row keeps the real account (``actor``) and how its session had logged in
(``authentication``: allauth's authentication records of the session, read when the row is written — password,
two-step verification, a password-reset link, a log-in code, and "invitation" when an invitation link was
followed). ``actor_name`` is the participant's name in the space; when the account that acted is not the
participant's own, or there is no participant (someone outside the space), the account's display name never
stands alone: its e-mail address is added, and a platform administrator is named as such.
"""

from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from trajectories.audit.models import (
    AccessAction,
    AccessLogEntry,
    AccessOutcome,
    AccountSecurityEvent,
)
from trajectories.spaces.models import Participant, Trajectory

SPACE = "trajectory"
# The space was closed, opened again, or the young person changed who keeps reading it (issue 13 §4).
SPACE_CLOSED = "trajectory:closed"
SPACE_REOPENED = "trajectory:reopened"
SPACE_READERS = "trajectory:readers"
# The young person asked to delete something; the whole space was deleted (issue 13 §8).
DELETION_REQUEST = "trajectory:deletion_request"
SPACE_DELETED = "trajectory:deleted"
# An export of the space was asked for, and downloaded (issue 13 §7).
SPACE_EXPORT = "trajectory:export"
SPACE_EXPORT_DOWNLOAD = "trajectory:export_download"
# A transfer to another organisation was asked for, and carried out with the young person's consent (issue 13 §5).
SPACE_TRANSFER = "trajectory:transfer"
SPACE_TRANSFER_DONE = "trajectory:transferred"
# The young person turned 18: regie passed to her and her parents' access ended unless she keeps it; her choice of
# what happens with the space (issue 13 §6).
SPACE_MAJORITY = "trajectory:majority"
MAJORITY_CHOICE = "trajectory:majority_choice"
# A deletion request declined by whoever holds regie, with a reason (issue 13 §8).
DELETION_DECLINED = "trajectory:deletion_declined"
# What the retention job deleted or restricted (issue 13 §9): the tombstones name it.
RETENTION = "retention"
# The trajectory moved on to its next phase; who signs a document was chosen; someone signed one (issue 13 §1).
SPACE_PHASE = "trajectory:phase"
SPACE_SIGNERS = "trajectory:signers"
SPACE_SIGNED = "trajectory:signed"
PARTICIPANT = "participant"
ACCOUNT_PREFIX = "account:"  # item_type of a log-in after a password reset or a new address: "account:<kind>"
PENDING_ATTRIBUTE = "_trajectory_reads"
NO_RECORDS = "none"


def session_authentication(user, *, extra=()):
    """How the current request's session logged `user` in, as stored in ``AccessLogEntry.authentication``:
    the methods of allauth's authentication records in order, joined by "+" ("password+mfa"), plus `extra`
    markers; "none" when the session holds no record for `user` (a session not made by allauth's log-in, or a
    request acting for another account); "" outside a request (a management command, a background task)."""
    request = allauth_context.request
    if request is None or not hasattr(request, "session"):
        return "+".join(extra)
    methods = []
    if user is not None and getattr(user, "is_authenticated", False):
        for record in get_authentication_records(request, user):
            method = str(record.get("method") or "")
            if method and method not in methods:
                methods.append(method)
    methods.extend(marker for marker in extra if marker not in methods)
    return "+".join(methods)[:100] or NO_RECORDS


def _account_words(user):
    """The truth about an account that is not (or not only) the participant: its name, its address, and whether
    it is a platform administrator (stored in the site's language: the log is a record)."""
    words = f"{user.display_name or ''} <{user.email}>".strip()
    if user.is_superuser:
        with translation.override(settings.LANGUAGE_CODE):
            administrator = gettext("platform administrator")
        words = f"{words}, {administrator}"
    return words


def _actor_fields(user, participant, *, extra=()):
    actor = user if user is not None and user.is_authenticated else None
    if participant is not None:
        name = participant.label
        behalf = participant.organisation_label if participant.is_professional else participant.relation
        # An invitation that is answered has no account linked yet: the service checked the address is theirs.
        if actor is not None and participant.user_id not in (None, actor.pk):
            name = f"{name} — {_account_words(actor)}"
    elif actor is not None:
        name, behalf = _account_words(actor), ""
    else:
        name, behalf = "", ""
    return {
        "actor": actor,
        "participant": participant,
        "actor_name": name[:120],
        "on_behalf_of": (behalf or "")[:160],
        "authentication": session_authentication(actor, extra=extra),
    }


def entry(*, space, item_type, item_id, action, outcome=AccessOutcome.GRANTED, extra=()):
    """An unsaved log row for what `space`'s viewer did."""
    return AccessLogEntry(
        trajectory_id=space.pk,
        item_type=item_type,
        item_id=item_id,
        action=action,
        outcome=outcome,
        **_actor_fields(space.me.user, space.me, extra=extra),
    )


def record(*, space, item_type, item_id, action, outcome=AccessOutcome.GRANTED, extra=()):
    """Write one row now (call inside the transaction of the change it records). `extra`: markers added to the
    session's authentication ("invitation" when the invitation link was followed)."""
    row = entry(space=space, item_type=item_type, item_id=item_id, action=action, outcome=outcome, extra=extra)
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


def system_actor_name():
    """How the log names what the site did on its own (a scheduled job), in the site's language: the log is a
    record."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("the site (scheduled job)")


def record_system(*, trajectory_id, item_type, item_id, action):
    """Write one row for what the site itself did in a space (a scheduled job: majority, retention): no account
    and no seat acted, the row says so. Call inside the transaction of the change it records."""
    row = AccessLogEntry(
        trajectory_id=trajectory_id,
        item_type=item_type,
        item_id=item_id,
        action=action,
        outcome=AccessOutcome.GRANTED,
        actor=None,
        participant=None,
        actor_name=system_actor_name()[:120],
        on_behalf_of="",
        authentication="",
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


def record_seat_reads(*, seats, item_type, item_ids):
    """Write one read row per item for the viewer's seat in each item's space, in one query (the calendar feed,
    read outside any space page). `seats`: the viewer's participant rows by space id; `item_ids`: (space id, item
    id) pairs; items of a space without a seat are skipped."""
    rows = [
        _entry_for(
            trajectory_id=trajectory_id,
            participant=seats[trajectory_id],
            item_type=item_type,
            item_id=item_id,
            action=AccessAction.READ,
        )
        for trajectory_id, item_id in item_ids
        if trajectory_id in seats
    ]
    if rows:
        AccessLogEntry.objects.bulk_create(rows)


def _entry_for(*, trajectory_id, participant, item_type, item_id, action, outcome=AccessOutcome.GRANTED):
    return AccessLogEntry(
        trajectory_id=trajectory_id,
        item_type=item_type,
        item_id=item_id,
        action=action,
        outcome=outcome,
        **_actor_fields(participant.user, participant),
    )


# --- Account events -------------------------------------------------------------------------------------------


def account_event_record(*, user, kind):
    """Remember that `kind` happened to `user`'s account; one open event per kind is enough."""
    if user is None or user.pk is None:
        return None
    event, _created = AccountSecurityEvent.objects.get_or_create(
        user_id=user.pk, kind=kind, consumed_at__isnull=True, defaults={"at": timezone.now()}
    )
    return event


@transaction.atomic
def log_in_after_events(*, user):
    """Write the access-log rows of `user`'s open account events in each space they take part in, and close the
    events. Returns the number of rows written."""
    events = list(AccountSecurityEvent.objects.select_for_update().filter(user_id=user.pk, consumed_at__isnull=True))
    if not events:
        return 0
    kinds = sorted({event.kind for event in events})
    seats = list(
        Participant.objects.active()
        .filter(user_id=user.pk)
        .with_declaration()
        .select_related("user", "care_organisation")
    )
    rows = []
    for seat in seats:
        for kind in kinds:
            rows.append(
                AccessLogEntry(
                    trajectory_id=seat.trajectory_id,
                    item_type=f"{ACCOUNT_PREFIX}{kind}",
                    item_id=None,
                    action=AccessAction.LOGIN,
                    **_actor_fields(user, seat),
                )
            )
    if rows:
        AccessLogEntry.objects.bulk_create(rows)
    AccountSecurityEvent.objects.filter(pk__in=[event.pk for event in events]).update(consumed_at=timezone.now())
    return len(rows)


# --- Erasure --------------------------------------------------------------------------------------------------


def actor_pseudonymise(*, participant_ids, user, replacement):
    """THE one permitted change to the access log: when a person deletes their account (GDPR erasure, SEC-17), the
    copies of their name in the rows of their participant rows `participant_ids` and of their account are replaced
    by `replacement` ("deleted participant").

    Everything else of each row stays (when, what, which item, outcome, the participant row and how the session had
    logged in): the record of who read what is kept as NEN 7513 and the care record's legal retention require, but
    it no longer names the person. The log's own queryset refuses every update, so this one goes past it on
    purpose. Runs inside the caller's transaction (``trajectories.privacy.services.erase_user_data``)."""
    rows = AccessLogEntry.objects.filter(models.Q(participant_id__in=participant_ids) | models.Q(actor=user))
    return models.QuerySet.update(rows, actor_name=replacement[:120])


# --- Retention ------------------------------------------------------------------------------------------------


def access_log_prune(*, trajectory_ids, before):
    """THE one permitted deletion of access-log rows (issue 13 §9, SEC-18): the rows of spaces `trajectory_ids`
    written before `before`, whose retention period (set by the organisation within the site's limits, at least the
    years NEN 7513 asks) has ended. Called only by the retention job; returns the number of rows deleted."""
    rows = AccessLogEntry.objects.filter(trajectory_id__in=trajectory_ids, at__lt=before)
    deleted, _by_model = models.QuerySet.delete(rows)
    return deleted
