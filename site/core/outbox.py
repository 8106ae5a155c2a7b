"""Sending the outbox (REL-03, REL-04, REL-06).

Each message is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` in its own transaction, sent, and marked sent in
that same transaction: two workers never take the same row, and a worker killed mid-batch leaves every unsent
row queued for the next one. Temporary failures (SMTP 4xx, a refused connection) are retried with a growing
delay; permanent ones (SMTP 5xx, a refused address) are marked failed and listed in the administration. Before a
message about an object leaves, its recipient must still be allowed to see that object (SEC-05, SEC-22).
"""

import logging
import smtplib
import socket
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from core.models import OutboundMessage, OutboundStatus

logger = logging.getLogger("werkgroepen.outbox")

BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6)]
MAX_ATTEMPTS = len(BACKOFF) + 1


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


def _classify(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return TemporaryFailure if codes and all(400 <= code < 500 for code in codes) else PermanentFailure
    if isinstance(error, smtplib.SMTPResponseException):
        return TemporaryFailure if 400 <= error.smtp_code < 500 else PermanentFailure
    if isinstance(error, (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.error, TimeoutError)):
        return TemporaryFailure
    return PermanentFailure


def message_id(row):
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "werkgroepen.localhost"
    return f"<outbox-{row.pk}@{domain}>"


def _still_allowed(row):
    if not row.content_type_id or not row.object_id or row.recipient_id is None:
        return True
    from core.notifications import _subject_of, may_see

    subject = _subject_of(row.content_type_id, row.object_id)
    return subject is not None and may_see(row.recipient, subject)


def queue_mail(*, key, email, subject, body, recipient=None, obj=None, headers=None, type=""):
    """Put one e-mail in the outbox inside the current transaction; it leaves after commit. Every mail of the site
    goes this way (notifications, confirmations, invitations), so it is sent once and leaves a trace."""
    from django.contrib.contenttypes.models import ContentType

    OutboundMessage.objects.bulk_create(
        [
            OutboundMessage(
                key=key,
                email=email,
                recipient=recipient,
                type=type,
                subject=subject,
                body=body,
                headers=headers or {},
                content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
                object_id=str(obj.pk) if obj is not None else "",
                next_attempt_at=timezone.now(),
            )
        ],
        ignore_conflicts=True,
    )
    schedule_delivery()


def schedule_delivery():
    """Have a worker send the outbox once the current transaction commits."""
    from core.tasks import deliver_outbox

    transaction.on_commit(deliver_outbox.enqueue)


def deliver_pending(*, limit=500, connection=None):
    """Send up to `limit` due messages; returns the number sent. Safe to run in several workers at once."""
    sent = 0
    connection = connection or get_connection()
    opened = False
    try:
        for _ in range(limit):
            with transaction.atomic():
                row = (
                    OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("recipient")
                    .filter(status=OutboundStatus.QUEUED, next_attempt_at__lte=timezone.now())
                    .order_by("next_attempt_at", "id")
                    .first()
                )
                if row is None:
                    break
                if not _still_allowed(row):
                    row.status = OutboundStatus.CANCELLED
                    row.last_error = "recipient may no longer see what it is about"
                    row.save(update_fields=["status", "last_error"])
                    continue
                if not opened:
                    connection.open()
                    opened = True
                try:
                    _send(row, connection)
                except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
                    _failed(row, error)
                    if _classify(error) is TemporaryFailure:
                        _reset(connection)
                        opened = False
                    continue
                row.status = OutboundStatus.SENT
                row.sent_at = timezone.now()
                row.attempts += 1
                row.save(update_fields=["status", "sent_at", "attempts"])
                sent += 1
    finally:
        if opened:
            try:
                connection.close()
            except Exception:  # noqa: BLE001
                logger.warning("Could not close the mail connection", exc_info=True)
    return sent


def _send(row, connection):
    headers = {**row.headers, "Message-ID": message_id(row)}
    email = EmailMessage(subject=row.subject, body=row.body, to=[row.email], headers=headers, connection=connection)
    email.send(fail_silently=False)


def _reset(connection):
    """Drop a connection that failed, so the next message opens a fresh one."""
    try:
        connection.close()
    except Exception:  # noqa: BLE001
        logger.debug("Closing a failed mail connection failed too", exc_info=True)


def _failed(row, error):
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if _classify(error) is TemporaryFailure and row.attempts < MAX_ATTEMPTS:
        row.next_attempt_at = timezone.now() + BACKOFF[row.attempts - 1]
        row.save(update_fields=["attempts", "last_error", "next_attempt_at"])
        logger.warning("Mail to %s failed for now (attempt %d): %s", row.email, row.attempts, row.last_error)
        _schedule_retry(row.next_attempt_at)
    else:
        row.status = OutboundStatus.FAILED
        row.save(update_fields=["attempts", "last_error", "status"])
        logger.error("Mail to %s failed for good: %s", row.email, row.last_error)


def _schedule_retry(when):
    from django_tasks import default_task_backend

    from core.tasks import deliver_outbox

    if default_task_backend.supports_defer:
        transaction.on_commit(lambda: deliver_outbox.using(run_after=when).enqueue())
