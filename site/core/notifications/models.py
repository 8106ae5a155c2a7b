"""Notifications: what a person is told, in their notification centre and by e-mail, and how they want it.

Written only by :mod:`core.notifications.services` (the one fan-out, :func:`~core.notifications.services.tell`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Frequency(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class Notification(models.Model):
    """One thing a person is told about, shown in their notification centre (and mailed as they chose).

    ``key`` names the event (e.g. ``post-approved:42``); a person gets at most one notification per event.
    ``content_type``/``object_id`` point at what it is about, so every read re-checks that the person may
    still see it (``visible_to``): a notification never shows what its recipient may no longer see.
    """

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    type = models.CharField(max_length=80)
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)  # sent on its own or in a digest
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.IMMEDIATELY)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["key", "recipient"], name="notification_unique_event")]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_recipient"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["frequency", "emailed_at"], name="notification_digest"),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(models.Model):
    """How a person wants one type of notification by e-mail: at once, in a daily or weekly digest, or not."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    type = models.CharField(max_length=80)
    frequency = models.CharField(max_length=12, choices=Frequency.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "type"], name="notificationpreference_unique")]

    def __str__(self):
        return f"{self.user_id} · {self.type} · {self.frequency}"


class NotificationAddress(models.Model):
    """An extra e-mail address that receives a moderator's notifications too (seed 002), once confirmed."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_addresses")
    email = models.EmailField(_("e-mail address"))
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "email"], name="notificationaddress_unique")]

    def __str__(self):
        return self.email


class NotificationEvent(models.Model):
    """A notification for many people (a push mail to a whole theme), written in the event's transaction and fanned
    out by the worker: the request stays fast and the outbox rows still come from a committed event."""

    key = models.CharField(max_length=200, unique=True)
    type = models.CharField(max_length=80)
    recipient_ids = models.JSONField(default=list)
    title = models.CharField(max_length=300)
    text = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expanded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.key
