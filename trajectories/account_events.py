"""Log-ins that followed a password reset or a new e-mail address, in the access log of every space (issue 9).

Whoever can reset an account's password or add an address to it can log in as that person; the young person must
be able to see that it happened. allauth tells us when a password was reset through a link
(``password_reset``), when an address was confirmed on an account already in use (``email_confirmed``) and when
the primary address changed (``email_changed``): each writes an :class:`AccountSecurityEvent`. The next log-in to
the account (Django's ``user_logged_in``, sent once the whole log-in — including the second step — is done) writes
one access-log row per such event in every space where the person takes part, with how that session logged in,
and marks the events used. The young person (and the coordinators) read them on the access log page as "Logged
in after a password reset".

Signals are the only way allauth reports these moments; the handlers only record facts, they decide nothing.
"""

from django.db import transaction
from django.utils import timezone

from trajectories import audit
from trajectories.models import (
    AccessAction,
    AccessLogEntry,
    AccountEventKind,
    AccountSecurityEvent,
    Participant,
)

_connected = False


def record_event(*, user, kind):
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
                    item_type=f"{audit.ACCOUNT_PREFIX}{kind}",
                    item_id=None,
                    action=AccessAction.LOGIN,
                    **audit._actor_fields(user, seat),
                )
            )
    if rows:
        AccessLogEntry.objects.bulk_create(rows)
    AccountSecurityEvent.objects.filter(pk__in=[event.pk for event in events]).update(consumed_at=timezone.now())
    return len(rows)


def label_of(item_type):
    """The words for an account row of the access log ("Logged in after a password reset"), or ""."""
    if not item_type.startswith(audit.ACCOUNT_PREFIX):
        return ""
    kind = item_type[len(audit.ACCOUNT_PREFIX) :]
    return str(AccountEventKind(kind).label) if kind in AccountEventKind.values else ""


# --- allauth's and Django's signals ---------------------------------------------------------------------------


def _on_password_reset(sender, request=None, user=None, **kwargs):
    record_event(user=user, kind=AccountEventKind.PASSWORD_RESET)


def _on_email_confirmed(sender, request=None, email_address=None, **kwargs):
    from allauth.account.models import EmailAddress

    user = getattr(email_address, "user", None)
    if user is None:
        return
    # The confirmation that completes a registration is not a new address on an account in use.
    in_use = user.last_login is not None or EmailAddress.objects.filter(user=user).exclude(pk=email_address.pk).exists()
    if in_use:
        record_event(user=user, kind=AccountEventKind.NEW_EMAIL)


def _on_email_changed(sender, request=None, user=None, **kwargs):
    record_event(user=user, kind=AccountEventKind.NEW_EMAIL)


def _on_logged_in(sender, request=None, user=None, **kwargs):
    if user is not None and user.pk is not None:
        log_in_after_events(user=user)


def connect():
    """Connect the handlers (``TrajectoriesConfig.ready``); safe to call twice."""
    global _connected
    if _connected:
        return
    from allauth.account import signals as account_signals
    from django.contrib.auth.signals import user_logged_in

    account_signals.password_reset.connect(_on_password_reset, dispatch_uid="trajectories.password_reset")
    account_signals.email_confirmed.connect(_on_email_confirmed, dispatch_uid="trajectories.email_confirmed")
    account_signals.email_changed.connect(_on_email_changed, dispatch_uid="trajectories.email_changed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="trajectories.logged_in")
    _connected = True
