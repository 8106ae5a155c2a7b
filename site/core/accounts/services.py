"""Writes of accounts: a person's own profile, accounts made in the administration, rotating the keys of two-step
secrets, and what a superadmin may do to another person's account (issue 9, hole 1): deactivate and reactivate it,
end its sessions, and send a password-reset link to the person's own confirmed address.

Nothing here changes an address, a password or a two-step set-up: only the person does that, through allauth,
with a confirmation from the address and a notice to the old one. That is what keeps an administrator from
taking over an account (a new address plus a reset would let them log in as the person, and the access log of a
young person's space would then name the young person). Every action is one transaction, is written to Wagtail's
audit log (the user's history in the admin, the Logs report) and is told to the person by e-mail through the
outbox.
"""

import uuid
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.core import context as allauth_context
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from config.hooks import AFTER_ACCOUNT_VERIFIED, call_safely
from core.accounts.models import User
from core.accounts.policies import may_manage_accounts
from core.accounts.selectors import confirmed_primary_address
from core.mfa import SECRET_FIELDS, UndecryptableSecret, rotate_value, transform_data
from core.outbox.services import queue_mail

DISPLAY_NAME_TAKEN = gettext_lazy("This display name is already taken. Choose another one.")


@transaction.atomic
def profile_update(*, user, display_name, first_name, last_name, interested_themes=None):
    """Save what a person says about themselves: public display name, private full name and, at registration, the
    themes they came for (``None`` leaves those as they are: after registration the person's working groups are
    managed where they act, on the profile's "Mijn werkgroepen" and the theme pages).

    The display name is unique without regard to case (a database constraint); when someone else took it in the
    meantime this raises ``ValidationError`` on ``display_name`` and changes nothing.
    """
    user.display_name = display_name
    user.first_name = first_name
    user.last_name = last_name
    try:
        with transaction.atomic():
            user.save(update_fields=["display_name", "first_name", "last_name"])
    except IntegrityError as exc:
        raise ValidationError({"display_name": DISPLAY_NAME_TAKEN}) from exc
    if interested_themes is not None:
        user.interested_themes.set(interested_themes)
    return user


@transaction.atomic
def account_create(*, user, save_relations=None):
    """Save an account made in the administration (Wagtail's user screens) without a usable password: the person
    sets one through "wachtwoord vergeten" (allauth), at the address given there, and no administrator ever knows it.
    `save_relations` saves what the form holds besides the row (its many-to-many fields)."""
    user.set_unusable_password()
    user.save()
    if save_relations is not None:
        save_relations()
    return user


@transaction.atomic
def account_create_confirmed(*, email, display_name, password):
    """Make an account for someone who proved they read `email` by another way than allauth's confirmation mail
    (the one-use link of an invitation to a space, issue 15 §2): the address is confirmed and primary at once, the
    password is checked by the site's password rules, and registration is complete (``after_account_verified``).

    Raises ``ValidationError`` on ``email`` when an account already uses the address (log in instead), on
    ``display_name`` when the name is taken, on ``password`` when a rule refuses it.
    """
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists() or EmailAddress.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There is already an account with this e-mail address. Log in with it.")})
    user = User(email=email, display_name=display_name.strip())
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from error
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"display_name": DISPLAY_NAME_TAKEN}) from exc
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    transaction.on_commit(lambda: call_safely(AFTER_ACCOUNT_VERIFIED, user))
    return user


class UndecryptableAuthenticator(Exception):
    """A stored two-step secret that no configured key decrypts (``authenticator_id`` names it)."""

    def __init__(self, authenticator_id, error):
        super().__init__(f"Authenticator {authenticator_id}: {error}")
        self.authenticator_id = authenticator_id


@transaction.atomic
def mfa_keys_rotate():
    """Re-encrypt every two-step secret (TOTP, recovery codes) with the first key of ``WERKGROEPEN_MFA_KEYS``
    (core/mfa.py), in one transaction; returns the number of authenticators. Raises
    :class:`UndecryptableAuthenticator` when a secret cannot be decrypted with any key: nothing is then changed."""
    count = 0
    authenticators = Authenticator.objects.select_for_update().filter(type__in=list(SECRET_FIELDS))
    for authenticator in authenticators.order_by("pk").iterator(chunk_size=500):
        try:
            data = transform_data(authenticator.type, authenticator.data, rotate_value)
        except UndecryptableSecret as error:
            raise UndecryptableAuthenticator(authenticator.pk, error) from error
        Authenticator.objects.filter(pk=authenticator.pk).update(data=data)
        count += 1
    return count


def _require(by, user, *, not_self=False):
    if not may_manage_accounts(by):
        raise PermissionDenied
    if not_self and by.pk == user.pk:
        raise ValidationError(_("You cannot do this to your own account."))


def _tell(user, action, by):
    """Queue the notice to the person at their own address (the confirmed primary one, else the log-in address)."""
    email = confirmed_primary_address(user) or user.email
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "action": action, "when": timezone.localtime()}
        subject = {
            "deactivate": _("Your Werkgroepen account was deactivated"),
            "reactivate": _("Your Werkgroepen account is active again"),
            "end_sessions": _("You were logged out of Werkgroepen on every device"),
        }[action]
        body = render_to_string("core/accounts/email/account_admin.txt", context)
    queue_mail(
        key=f"account-admin:{action}:{user.pk}:{uuid.uuid4().hex}",
        email=email,
        subject=subject,
        body=body,
        recipient=user,
        type="account",
    )


def end_all_sessions(user):
    """Delete every session logged in as `user` (from the database and the session cache). Returns the count.

    Sessions are signed blobs without an owner column, so each live one is decoded; fine for the rare
    administrator action (and account deletion), not for a hot path.
    """
    store = import_module(settings.SESSION_ENGINE).SessionStore
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator(chunk_size=1000):
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def account_deactivate(*, user, by):
    """Deactivate `user`'s account: no more log-ins, every session ended. Told to the person; audited.

    Raises ``PermissionDenied`` unless `by` is an active superadmin, ``ValidationError`` for one's own account or
    an account that is already inactive.
    """
    _require(by, user, not_self=True)
    if not user.is_active:
        raise ValidationError(_("This account is already deactivated."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    sessions = end_all_sessions(user)
    log(instance=user, action="werkgroepen.account_deactivated", user=by, data={"sessions_ended": sessions})
    _tell(user, "deactivate", by)
    return user


@transaction.atomic
def account_reactivate(*, user, by):
    """Let a deactivated account log in again. Told to the person; audited."""
    _require(by, user, not_self=True)
    if user.is_active:
        raise ValidationError(_("This account is already active."))
    user.is_active = True
    user.save(update_fields=["is_active"])
    log(instance=user, action="werkgroepen.account_reactivated", user=by)
    _tell(user, "reactivate", by)
    return user


@transaction.atomic
def account_end_sessions(*, user, by):
    """Log `user` out everywhere (e.g. after a lost phone). Returns the number of sessions ended."""
    _require(by, user, not_self=True)
    sessions = end_all_sessions(user)
    log(instance=user, action="werkgroepen.account_sessions_ended", user=by, data={"sessions_ended": sessions})
    _tell(user, "end_sessions", by)
    return sessions


@transaction.atomic
def account_send_password_reset(*, user, by, request):
    """Send allauth's password-reset link to the person's own confirmed primary address (never to another one).

    The mail is allauth's reset mail (a single-use link that lives a day, SEC-10) and goes through the outbox; the
    administrator never sees the link. Raises ``ValidationError`` when the account has no confirmed address or is
    deactivated.
    """
    # Imported here: allauth's forms module builds its signup form from ACCOUNT_SIGNUP_FORM_CLASS (our
    # core.accounts.forms), which saves through this module: a top-level import would be a cycle through allauth.
    from allauth.account.forms import ResetPasswordForm

    _require(by, user)
    if not user.is_active:
        raise ValidationError(_("This account is deactivated: reactivate it first."))
    email = confirmed_primary_address(user)
    if email is None:
        raise ValidationError(_("This person has no confirmed e-mail address, so no reset link can be sent."))
    form = ResetPasswordForm(data={"email": email})
    if not form.is_valid() or [found.pk for found in form.users] != [user.pk]:
        raise ValidationError(_("No reset link could be sent to this account's address."))
    with allauth_context.request_context(request), translation.override(settings.LANGUAGE_CODE):
        form.save(request)
    log(instance=user, action="werkgroepen.account_password_reset_sent", user=by)
    return email
