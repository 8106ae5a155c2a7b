"""The outbox: every e-mail of the site is a row here, written in the transaction of its event, sent after commit
(REL-03, REL-04, REL-06).

Delivery guarantee, stated honestly
-----------------------------------
SMTP has no idempotency key, so "exactly once" depends on where a worker can die. A message is sent like this:

1. The worker locks the row (``SELECT … FOR UPDATE SKIP LOCKED``) in a transaction: two workers never take the
   same row, and a worker that dies releases the lock at once (PostgreSQL rolls its transaction back).
2. Still holding the lock it talks SMTP up to and including the message text: ``MAIL FROM``, ``RCPT TO``,
   ``DATA`` and the body — everything except the final ``<CRLF>.<CRLF>``. Until that end-of-data marker is
   written, no SMTP server delivers the message (RFC 5321 §4.1.1.4).
3. It records the hand-over (``sent_at`` set, the row pushed out by the hand-over grace period) and COMMITS,
   which releases the lock; no worker takes a handed-over row again.
4. It writes the end-of-data marker and waits for the server's reply; on ``250`` the row is marked sent, on a
   4xx or 5xx reply the hand-over is undone and the failure recorded as usual.

A worker killed before step 3 commits leaves the row untouched (queued, unlocked): the next worker sends it, and
the server never had it. A worker killed after step 3 leaves a row marked as handed over: the server has the
whole message and — like every real MTA, which queues on end-of-data before replying — delivers it, so that
row is never sent again; after ``OUTBOX_HANDOVER_GRACE`` seconds it is marked sent with the note "unconfirmed".
A message can therefore be lost only if the worker dies in the microseconds between committing step 3 and
writing the five bytes of step 4; it is never sent twice by this site. Every message carries a stable
``Message-ID`` (``<outbox-<id>@domain>``), so even a duplicate made elsewhere (a relay retrying) is recognisable.
``tests/core/outbox/test_crash.py`` kills a real worker with SIGKILL mid-batch against a slow SMTP server and
counts every Message-ID at the server exactly once.

Backends that are not SMTP (the file backend of the demo, locmem in tests) have no end-of-data step: their
message is sent and marked sent in the locked transaction (at least once, which is exactly once unless the
process dies between the write and the commit).

Temporary failures (SMTP 4xx, a refused connection) are retried with a growing delay; permanent ones (SMTP 5xx,
a refused address) are marked failed and listed for superadmins in the administration (core.outbox.admin),
where they can be retried. Before a message about an object leaves, its recipient must still be allowed to see
that object (SEC-05, SEC-22).
"""

import logging
import re
import smtplib
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection as db
from django.db import connections, transaction
from django.utils import timezone
from django_tasks import default_task_backend, task

from core.access import may_see, object_of
from core.outbox.models import OutboundMessage, OutboundStatus

logger = logging.getLogger("werkgroepen.outbox")

BACKOFF = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=6)]
MAX_ATTEMPTS = len(BACKOFF) + 1
UNCONFIRMED = "Unconfirmed: handed to the mail server, but the worker stopped before its reply arrived."


class TemporaryFailure(Exception):
    pass


class PermanentFailure(Exception):
    pass


class _AfterHandOver(Exception):
    """The connection broke after the end-of-data marker left: the server may have the message."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def handover_grace():
    """Seconds a handed-over row waits for its own worker before another one marks it sent (unconfirmed)."""
    return timedelta(seconds=getattr(settings, "OUTBOX_HANDOVER_GRACE", 600))


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
    subject = object_of(row.content_type_id, row.object_id)
    return subject is not None and may_see(row.recipient, subject)


def queue_mail(*, key, email, subject, body, recipient=None, obj=None, headers=None, type="", html_body=""):
    """Put one e-mail in the outbox inside the current transaction; it leaves after commit. Every mail of the site
    goes this way (notifications, confirmations, invitations, contact messages), so it is sent once and leaves a
    trace. A second call with the same key and address does nothing. With `html_body` the mail is multipart: the
    plain `body` and that HTML alternative of the same text."""
    OutboundMessage.objects.bulk_create(
        [
            OutboundMessage(
                key=key[:200],
                email=email,
                recipient=recipient,
                type=type,
                subject=subject[:300],
                body=body,
                html_body=html_body,
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
    transaction.on_commit(deliver_outbox.enqueue)


@task()
def deliver_outbox():
    """Background task: send everything that is due in the outbox, however many: a push mail to 10,000 members is
    one task (several threads on PostgreSQL), not 20 tasks of 500 of which only the first would be enqueued.

    Declared beside the services it runs and that enqueue it (after commit, and again for a retry), so one module
    holds both and no import cycle is needed."""
    return deliver_all()


@transaction.atomic
def retry(*, message):
    """Queue a failed message again (a superadmin's "retry" in the administration); it leaves after commit."""
    updated = OutboundMessage.objects.filter(pk=message.pk, status=OutboundStatus.FAILED).update(
        status=OutboundStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), sent_at=None
    )
    if updated:
        schedule_delivery()
    return bool(updated)


def resolve_handed_over():
    """Mark sent (unconfirmed) the rows whose worker died after handing them to the server (see the module doc)."""
    now = timezone.now()
    return OutboundMessage.objects.filter(
        status=OutboundStatus.QUEUED, sent_at__isnull=False, next_attempt_at__lte=now
    ).update(status=OutboundStatus.SENT, last_error=UNCONFIRMED)


def deliver_all(*, threads=None, limit=10_000_000):
    """Send everything due, with `threads` workers in parallel (``OUTBOX_THREADS``, default 4) on PostgreSQL:
    each has its own database and SMTP connection, and SKIP LOCKED keeps them apart. One thread on SQLite and
    inside an open transaction (tests), where other connections would not see the rows."""
    threads = threads or getattr(settings, "OUTBOX_THREADS", 4)
    if threads <= 1 or db.vendor != "postgresql" or db.in_atomic_block:
        return deliver_pending(limit=limit)
    results = []

    def run():
        try:
            results.append(deliver_pending(limit=limit))
        finally:
            connections.close_all()  # this thread's connections

    workers = [threading.Thread(target=run, name=f"outbox-{n}") for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(results)


def deliver_pending(*, limit=500, connection=None):
    """Send up to `limit` due messages; returns the number sent. Safe to run in several workers at once."""
    resolve_handed_over()
    sent = 0
    connection = connection or get_connection()
    smtp = isinstance(connection, SMTPBackend)
    opened = False
    try:
        for _ in range(limit):
            handed_over = None
            with transaction.atomic():
                row = (
                    OutboundMessage.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("recipient")
                    .filter(status=OutboundStatus.QUEUED, next_attempt_at__lte=timezone.now(), sent_at__isnull=True)
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
                    try:
                        connection.open()
                    except Exception as error:  # noqa: BLE001 - the server is unreachable: retry later, stop here
                        _failed(row, error)
                        break
                    opened = True
                try:
                    if smtp:
                        _smtp_until_handover(row, connection)
                        handed_over = row
                    else:
                        _email(row, connection).send(fail_silently=False)
                        _mark_sent(row)
                        sent += 1
                except Exception as error:  # noqa: BLE001 - every failure is recorded on the row
                    _failed(row, error)
                    if smtp or _classify(error) is TemporaryFailure:
                        _reset(connection)
                        opened = False
            # Leaving the block committed the hand-over (module doc, step 3); now the end-of-data marker.
            if handed_over is not None:
                try:
                    _smtp_finish(connection)
                except smtplib.SMTPResponseException as error:
                    _failed(handed_over, error)
                    _reset(connection)
                    opened = False
                except (smtplib.SMTPException, OSError) as error:
                    _unconfirmed(handed_over, error)
                    _reset(connection)
                    opened = False
                else:
                    _mark_sent(handed_over)
                    sent += 1
    finally:
        if opened:
            try:
                connection.close()
            except Exception:  # noqa: BLE001
                logger.warning("Could not close the mail connection", exc_info=True)
    return sent


def _email(row, connection):
    headers = {**row.headers, "Message-ID": message_id(row)}
    if not row.html_body:
        return EmailMessage(subject=row.subject, body=row.body, to=[row.email], headers=headers, connection=connection)
    email = EmailMultiAlternatives(
        subject=row.subject, body=row.body, to=[row.email], headers=headers, connection=connection
    )
    email.attach_alternative(row.html_body, "text/html")
    return email


_LEADING_DOT = re.compile(rb"(?m)^\.")


def _smtp_until_handover(row, connection):
    """Talk SMTP for one message up to the end-of-data marker, then record the hand-over (module doc, 2 and 3)."""
    email = _email(row, connection)
    client = connection.connection
    encoding = email.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(email.from_email, encoding)
    recipients = [sanitize_address(address, encoding) for address in email.recipients()]
    data = email.message().as_bytes(linesep="\r\n")
    if client.sock is not None:
        # The message text and the end-of-data marker are two writes: without NODELAY, Nagle's algorithm holds
        # the marker back until the server's delayed ACK (~40 ms a message).
        client.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    client.ehlo_or_helo_if_needed()
    code, reply = client.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    refused = {}
    for address in recipients:
        code, reply = client.rcpt(address)
        if code not in (250, 251):
            refused[address] = (code, reply)
    if len(refused) == len(recipients):
        raise smtplib.SMTPRecipientsRefused(refused)
    code, reply = client.docmd("DATA")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    text = _LEADING_DOT.sub(b"..", data)
    if not text.endswith(b"\r\n"):
        text += b"\r\n"
    client.send(text)
    row.sent_at = timezone.now()
    row.next_attempt_at = row.sent_at + handover_grace()
    row.save(update_fields=["sent_at", "next_attempt_at"])


def _smtp_finish(connection):
    """Write the end-of-data marker and read the server's verdict (module doc, step 4)."""
    client = connection.connection
    client.send(b".\r\n")
    code, reply = client.getreply()
    if code != 250:
        raise smtplib.SMTPDataError(code, reply)


def _mark_sent(row):
    now = timezone.now()
    OutboundMessage.objects.filter(pk=row.pk, status=OutboundStatus.QUEUED).update(
        status=OutboundStatus.SENT, sent_at=now, attempts=row.attempts + 1
    )


def _unconfirmed(row, error):
    """The connection broke after the end-of-data marker: the server may well have it, so it is not sent again."""
    OutboundMessage.objects.filter(pk=row.pk, status=OutboundStatus.QUEUED).update(
        status=OutboundStatus.SENT, attempts=row.attempts + 1, last_error=f"{UNCONFIRMED} ({type(error).__name__})"
    )
    logger.warning("Mail to %s handed over without confirmation: %s", row.email, error)


def _reset(connection):
    """Drop a connection that failed, so the next message opens a fresh one."""
    try:
        connection.close()
    except Exception:  # noqa: BLE001
        logger.debug("Closing a failed mail connection failed too", exc_info=True)


def _failed(row, error):
    row.attempts += 1
    row.sent_at = None
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if _classify(error) is TemporaryFailure and row.attempts < MAX_ATTEMPTS:
        row.next_attempt_at = timezone.now() + BACKOFF[row.attempts - 1]
        row.save(update_fields=["attempts", "last_error", "next_attempt_at", "sent_at"])
        logger.warning("Mail to %s failed for now (attempt %d): %s", row.email, row.attempts, row.last_error)
        _schedule_retry(row.next_attempt_at)
    else:
        row.status = OutboundStatus.FAILED
        row.save(update_fields=["attempts", "last_error", "status", "sent_at"])
        logger.error("Mail to %s failed for good: %s", row.email, row.last_error)


def _schedule_retry(when):
    if default_task_backend.supports_defer:
        transaction.on_commit(lambda: deliver_outbox.using(run_after=when).enqueue())
