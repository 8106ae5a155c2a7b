"""The access log of the spaces (NEN 7513, SEC-14): every read and write of a space's content, who did it, on whose
behalf, when and with what outcome; and the account events (a password reset, a new address) whose next log-in the
young person must see there. Written only through :mod:`trajectories.audit.services`."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories import access
from trajectories.spaces.models import Participant, Trajectory


class AccessAction(models.TextChoices):
    READ = "read", _("read")
    CREATE = "create", _("added")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    RESTORE = "restore", _("restored an earlier version of")
    DENIED = "denied", _("tried to open")
    LOGIN = "login", _("logged in")


class AccessOutcome(models.TextChoices):
    GRANTED = "granted", _("allowed")
    EXISTENCE_ONLY = "existence", _("saw only that it exists")
    REFUSED = "refused", _("refused")


class AppendOnlyError(Exception):
    """The access log is append-only: its rows are never changed or deleted by the application."""


class AccessLogQuerySet(models.QuerySet):
    def visible_to(self, user, *, space=None):
        """Rows `user` may read (the young person and the coordinators of the space):
        :func:`trajectories.access.access_log_visibility`."""
        return self.filter(access.access_log_visibility(user, space=space))

    def update(self, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    def delete(self):
        raise AppendOnlyError("The access log is append-only.")

    def bulk_update(self, objs, fields, batch_size=None):
        raise AppendOnlyError("The access log is append-only.")

    def update_or_create(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One read or write of a space's content (NEN 7513, SEC-14): who, on whose behalf, what, when, outcome.

    Append-only: saving an existing row, deleting rows and queryset updates raise :class:`AppendOnlyError`. The
    single exception is ``trajectories.audit.services.actor_pseudonymise``, the documented erasure path: names are copied
    at the time of access (so the record stays readable when a participant leaves), and when a person deletes their
    account that copy becomes "deleted participant" while the rest of the row is kept (legal retention). Titles of
    items are never stored here: the log is shown to the young person, who may not read every item.
    The space is protected (``PROTECT``): erasing a space on request must deal with its log explicitly.
    """

    trajectory = models.ForeignKey(Trajectory, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participant = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField(max_length=120)
    on_behalf_of = models.CharField(max_length=160, blank=True)
    item_type = models.CharField(max_length=40)
    item_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    outcome = models.CharField(max_length=10, choices=AccessOutcome.choices, default=AccessOutcome.GRANTED)
    # How the session that did it had logged in, read from allauth's authentication records at write time:
    # methods joined by "+" (e.g. "password+mfa", "password_reset", "code"), "+invitation" when an invitation link
    # was followed, "none" for a request without those records, "" for work outside a request (a command).
    authentication = models.CharField(max_length=100, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [
            models.Index(fields=["trajectory", "-at", "-id"], name="accesslog_trajectory_at"),
            models.Index(fields=["trajectory", "participant", "-at"], name="accesslog_participant"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.item_type}:{self.item_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("The access log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The access log is append-only.")

    @property
    def authentication_label(self):
        """How the session had logged in, in words (the access log page)."""
        return authentication_label(self.authentication)


AUTHENTICATION_WORDS = {
    "password": _("password"),
    "mfa": _("two-step verification"),
    "password_reset": _("password reset link"),
    "code": _("log-in code by e-mail"),
    "socialaccount": _("another account"),
    "invitation": _("invitation link"),
    "none": _("unknown"),
}


def authentication_label(value):
    """``"password+mfa"`` → "password, two-step verification" (unknown methods are shown as they are stored)."""
    if not value:
        return ""
    return ", ".join(str(AUTHENTICATION_WORDS.get(part, part)) for part in value.split("+") if part)


class AccountEventKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Logged in after a password reset")
    NEW_EMAIL = "new_email", _("Logged in after a new e-mail address was confirmed")


class AccountSecurityEvent(models.Model):
    """Something that could hand an account to someone else happened: its password was reset through a link, or a
    new e-mail address was confirmed (allauth's signals, :mod:`trajectories.audit.receivers`).

    The next log-in to the account writes a row in the access log of every space where the person takes part
    (``consumed_at`` is set then), so the young person sees it ("Logged in after a password reset").
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20, choices=AccountEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    consumed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("account security event")
        verbose_name_plural = _("account security events")
        indexes = [models.Index(fields=["user", "consumed_at"], name="accountevent_user_open")]

    def __str__(self):
        return f"{self.user_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
