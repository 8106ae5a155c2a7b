"""Log-ins that followed a password reset or a new e-mail address, in the access log of every space (issue 9).

Whoever can reset an account's password or add an address to it can log in as that person; the young person must
be able to see that it happened. allauth tells us when a password was reset through a link
(``password_reset``), when an address was confirmed on an account already in use (``email_confirmed``) and when
the primary address changed (``email_changed``): each writes an ``AccountSecurityEvent``
(:func:`trajectories.audit.services.account_event_record`). The next log-in to
the account (Django's ``user_logged_in``, sent once the whole log-in — including the second step — is done) writes
one access-log row per such event in every space where the person takes part, with how that session logged in,
and marks the events used. The young person (and the coordinators) read them on the access log page as "Logged
in after a password reset".

Signals are the only way allauth reports these moments; the handlers only hand the facts to the services, they
decide nothing. :func:`connect` is called from ``TrajectoriesConfig.ready()``.
"""

from allauth.account import signals as account_signals
from allauth.account.models import EmailAddress
from django.contrib.auth.signals import user_logged_in

from trajectories.audit.models import AccountEventKind
from trajectories.audit.services import account_event_record, log_in_after_events


def _on_password_reset(sender, request=None, user=None, **kwargs):
    account_event_record(user=user, kind=AccountEventKind.PASSWORD_RESET)


def _on_email_confirmed(sender, request=None, email_address=None, **kwargs):
    user = getattr(email_address, "user", None)
    if user is None:
        return
    # The confirmation that completes a registration is not a new address on an account in use.
    in_use = user.last_login is not None or EmailAddress.objects.filter(user=user).exclude(pk=email_address.pk).exists()
    if in_use:
        account_event_record(user=user, kind=AccountEventKind.NEW_EMAIL)


def _on_email_changed(sender, request=None, user=None, **kwargs):
    account_event_record(user=user, kind=AccountEventKind.NEW_EMAIL)


def _on_logged_in(sender, request=None, user=None, **kwargs):
    if user is not None and user.pk is not None:
        log_in_after_events(user=user)


def connect():
    """Connect the handlers (``TrajectoriesConfig.ready``); connecting twice changes nothing (``dispatch_uid``)."""
    account_signals.password_reset.connect(_on_password_reset, dispatch_uid="trajectories.password_reset")
    account_signals.email_confirmed.connect(_on_email_confirmed, dispatch_uid="trajectories.email_confirmed")
    account_signals.email_changed.connect(_on_email_changed, dispatch_uid="trajectories.email_changed")
    user_logged_in.connect(_on_logged_in, dispatch_uid="trajectories.logged_in")
