"""The outbox: every e-mail of the site is a row here (written by :mod:`core.outbox.services`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboundStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class OutboundMessage(models.Model):
    """One e-mail in the outbox: written in the transaction of the event it tells about, sent after commit by a
    worker. Unique per event, address and channel, so a retried event or a restarted worker never sends twice.
    """

    key = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, default="email")
    email = models.EmailField()
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="outbound_messages"
    )
    type = models.CharField(max_length=80, blank=True)
    subject = models.CharField(max_length=300)
    body = models.TextField()
    # An HTML alternative of the same text (push mail: what the member wrote, as the preview shows it); empty: the
    # mail is plain text only.
    html_body = models.TextField(blank=True, default="")
    headers = models.JSONField(default=dict, blank=True)
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.SET_NULL)
    object_id = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=10, choices=OutboundStatus.choices, default=OutboundStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        constraints = [models.UniqueConstraint(fields=["key", "email", "channel"], name="outboundmessage_unique_event")]
        indexes = [models.Index(fields=["status", "next_attempt_at", "id"], name="outbound_due")]

    def __str__(self):
        return f"{self.subject} → {self.email}"
