"""Notifications: the one way the site tells people something, in the notification centre and by e-mail.

Apps declare their types through the ``register_notification_types`` hook (code, label, default frequency, who
may receive them). Every event that tells people something goes through :func:`tell`, the one fan-out: it turns an
event into notification-centre rows and outbox messages for a set of people — each person's preference for the
type (immediately, a daily or weekly digest, or off), the extra addresses moderators add for their moderation
notifications (seed 002), per-person rendering with the type's one-click unsubscribe, and delivery after commit.
:func:`notify` is the short form for one notification with the standard mail.

A notification about an object (a post, a membership, a space) is only created for, and only mailed to, people who
may see that object (``visible_to``) — checked when it is written and again when the mail leaves (SEC-22). E-mail
goes through the outbox (:mod:`core.outbox.services`). The daily and weekly digests of the notifications people
chose to receive that way are sent by :func:`send_digests` (``manage.py send_digests``).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from core.access import may_see, object_of
from core.accounts.models import User
from core.links import absolute
from core.notifications.mail import digest_key, render_digest, render_email
from core.notifications.models import (
    Frequency,
    Notification,
    NotificationAddress,
    NotificationEvent,
    NotificationPreference,
)
from core.notifications.selectors import (
    current_frequencies,
    frequencies_for,
    notification_type,
    still_visible,
)
from core.notifications.tokens import Links, links_for, unsubscribe_headers
from core.outbox.models import OutboundMessage
from core.outbox.services import queue_mail, schedule_delivery

INLINE_LIMIT = 50  # notify(): more recipients than this are written as one event, fanned out by the worker
BATCH = 1000  # people per round of the fan-out (one preference query, one insert of each kind)
PERIODS = (Frequency.DAILY, Frequency.WEEKLY)
ADDRESS_SALT = "werkgroepen.notification-address"


# --- The one fan-out ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Notice:
    """One entry in a person's notification centre, and one line of their digest if they chose daily or weekly.

    ``key`` names what it is about (a person holds at most one notice per key); ``about`` is the object it is
    about, if any: every later read (the centre, the digest) re-checks that the person may still see it."""

    key: str
    title: str
    text: str = ""
    url: str = ""
    about: Any = None


@dataclass(frozen=True)
class Mail:
    """One person's e-mail about an event. :func:`tell` adds the one-click unsubscribe headers of its type."""

    subject: str
    body: str
    html_body: str = ""  # with it the mail is multipart: the plain body and this HTML alternative


@dataclass
class Told:
    """What :func:`tell` did, by user id: whose notices were written, who was mailed now (their own address and,
    for moderators' types, their confirmed extra addresses), and whose notices wait for their daily or weekly
    digest."""

    notified: list = field(default_factory=list)
    mailed: list = field(default_factory=list)
    for_digest: list = field(default_factory=list)

    @property
    def told(self):
        """Everyone told in any way, in the order they were given."""
        seen = dict.fromkeys(self.notified + self.mailed)
        return list(seen)


def _as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


@transaction.atomic
def tell(
    *,
    code: str,
    people: Iterable,
    key: str,
    notices: Notice | list | Callable[[Any], Any] | None = None,
    mail: Callable[[Any, Links], Mail | None] | None = None,
    about: Any = None,
    actor: Any = None,
    digest: bool = True,
    skip_told: bool = False,
    now=None,
) -> Told:
    """Tell `people` about one event, inside the event's transaction: the one fan-out of the site.

    - `code`: the notification type (declared through ``register_notification_types``). Each person's choice for it
      (else the type's default) decides: *off*, nothing at all; *immediately*, the notices are written and the mail
      is queued; *daily* or *weekly*, the notices wait for the person's digest and no mail leaves now — unless
      `digest` is False (a message that is no digest item, such as push mail: everyone not *off* is mailed now).
      The code is also the outbox rows' type and what the mail's one-click unsubscribe switches off.
    - `people`: users; inactive accounts, repeats and the `actor` are left out.
    - `key`: the event. Every outbox row carries it (unique per address: telling about the same event twice mails
      once) and so does the default notice.
    - `notices`: the notification-centre entries. ``None``: none (the person only gets the mail); a :class:`Notice`
      or a list (the same for everyone); or a function ``notices(person)`` returning a notice, a list or ``None``.
      A person holds at most one notice per notice key: telling twice writes nothing more.
    - `mail`: ``mail(person, links)`` returning the person's :class:`Mail` (or ``None``: no mail for them), where
      `links` (:class:`~core.notifications.tokens.Links`) holds the person's unsubscribe and settings links. By
      default the standard notification mail of the person's first notice.
    - `about`: the object the event is about. Only people who may see it (``visible_to``) are told, the outbox
      checks again before each mail leaves, and notices without an ``about`` of their own point at it. Objects
      the notices point at are re-checked whenever they are read, not here: a caller giving each person their own
      notices picked them from what that person may see.
    - `skip_told`: first leave out people who already hold a notice or an outbox row with `key` (for events that
      may be re-run and must count who was told anew).
    - `now`: when the notices count as mailed (default: now); the mail is due at once in any case.

    People are handled in rounds of ``BATCH`` (one preference query and one insert of each kind per round, inserts
    of at most ``BATCH`` rows each), so a caller may hand over 10,000 people at once (push mail) and a person may
    hold many notices (a theme digest: one per post). Writes are bulk inserts that ignore rows already there;
    delivery is scheduled once, for after commit, so a rolled-back event sends nothing. Returns :class:`Told`.
    """
    kind = notification_type(code)
    if notices is None and mail is None:
        raise ValueError("tell() needs notices, a mail, or both")
    now = now or timezone.now()
    people = _people(people, actor=actor)
    if about is not None:
        people = [person for person in people if may_see(person, about)]
    if skip_told and people:
        people = _not_yet_told(people, key)
    told = Told()
    about_type = ContentType.objects.get_for_model(about).pk if about is not None else None
    for start in range(0, len(people), BATCH):
        batch = people[start : start + BATCH]
        frequencies = frequencies_for(batch, code)
        rows, messages, mailed = [], [], []
        for person in batch:
            frequency = frequencies[person.pk]
            if frequency == Frequency.OFF:
                continue
            mail_now = frequency == Frequency.IMMEDIATELY or not digest
            own = _notices_for(person, notices, key=key, about=about)
            for notice in own:
                rows.append(_notification(person, notice, code=code, frequency=frequency, mailed=mail_now, now=now))
            if own:
                told.notified.append(person.pk)
                if not mail_now:
                    told.for_digest.append(person.pk)
            if not mail_now:
                continue
            rendered = _mail_for(person, mail, code=code, notices=own)
            if rendered is None:
                continue
            subject, body, headers, html_body = rendered
            mailed.append(person)
            messages.append(
                _message(
                    person,
                    person.email,
                    key=key,
                    code=code,
                    subject=subject,
                    body=body,
                    headers=headers,
                    html_body=html_body,
                )
            )
        if mailed and kind.audience == "moderators":
            messages += _extra_address_messages(mailed, messages, key=key, code=code)
        for message in messages:
            message.content_type_id = about_type
            message.object_id = str(about.pk) if about is not None else ""
        Notification.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        OutboundMessage.objects.bulk_create(messages, batch_size=BATCH, ignore_conflicts=True)
        told.mailed += [person.pk for person in mailed]
    if told.mailed:
        schedule_delivery()
    return told


def _people(people, *, actor):
    seen, kept = set(), []
    for person in people:
        if person is None or not person.is_active or person.pk in seen:
            continue
        if actor is not None and person.pk == actor.pk:
            continue
        seen.add(person.pk)
        kept.append(person)
    return kept


def _not_yet_told(people, key):
    ids = [person.pk for person in people]
    done = set(Notification.objects.filter(key=key, recipient_id__in=ids).values_list("recipient_id", flat=True))
    done |= set(
        OutboundMessage.objects.filter(key=key[:200], recipient_id__in=ids).values_list("recipient_id", flat=True)
    )
    return [person for person in people if person.pk not in done]


def _notices_for(person, notices, *, key, about):
    found = notices(person) if callable(notices) else notices
    own = []
    for notice in _as_list(found):
        if notice.about is None and about is not None:
            notice = Notice(key=notice.key, title=notice.title, text=notice.text, url=notice.url, about=about)
        own.append(notice)
    return own


def _notification(person, notice, *, code, frequency, mailed, now):
    content_type_id = ContentType.objects.get_for_model(notice.about).pk if notice.about is not None else None
    return Notification(
        recipient=person,
        type=code,
        key=notice.key[:200],
        title=notice.title[:300],
        text=notice.text,
        url=notice.url,
        content_type_id=content_type_id,
        object_id=str(notice.about.pk) if notice.about is not None else "",
        frequency=frequency,
        emailed_at=now if mailed else None,
    )


def _mail_for(person, mail, *, code, notices):
    """``(subject, body, headers, html_body)`` of `person`'s mail, or None."""
    links = links_for(person, code)
    if mail is not None:
        rendered = mail(person, links)
        if rendered is None:
            return None
        return rendered.subject, rendered.body, unsubscribe_headers(links.unsubscribe_url), rendered.html_body
    if not notices:
        return None
    first = notices[0]
    subject, body, headers = render_email(
        code=code, title=first.title, text=first.text, url=first.url, user=person, unsubscribe=links.unsubscribe_url
    )
    return subject, body, headers, ""


def _message(person, email, *, key, code, subject, body, headers, html_body=""):
    return OutboundMessage(
        key=key[:200],
        email=email,
        recipient=person,
        type=code,
        subject=subject[:300],
        body=body,
        html_body=html_body,
        headers=headers,
        next_attempt_at=timezone.now(),  # due at once, also when an event is told for a past date
    )


def _extra_address_messages(mailed, messages, *, key, code):
    """Copies of the moderators' mails to the extra addresses they confirmed (seed 002)."""
    by_person = {message.recipient.pk: message for message in messages}
    copies = []
    for address in NotificationAddress.objects.filter(user__in=mailed, confirmed_at__isnull=False):
        original = by_person[address.user_id]
        copies.append(
            _message(
                original.recipient,
                address.email,
                key=key,
                code=code,
                subject=original.subject,
                body=original.body,
                headers=original.headers,
                html_body=original.html_body,
            )
        )
    return copies


# --- One notification ------------------------------------------------------------------------------------------


def notify(*, code, users, key, title, url="", text="", obj=None, actor=None):
    """Tell `users` one thing (one notice each, the standard mail), inside the event's transaction.

    `key` names the event (unique per recipient: notifying twice about one event does nothing more). `obj` is
    what it is about: only people who may see it are told, now and when the mail leaves. The actor is never
    told about their own action. Many recipients: one event row, fanned out by the worker after commit
    (:func:`expand_event`), so the request stays fast.
    """
    notification_type(code)
    users = [user for user in users if user is not None and user.is_active and (actor is None or user.pk != actor.pk)]
    if not users:
        return
    if len(users) > INLINE_LIMIT:
        event, created = NotificationEvent.objects.get_or_create(
            key=key,
            defaults={
                "type": code,
                "recipient_ids": sorted({user.pk for user in users}),
                "title": title[:300],
                "text": text,
                "url": url,
                "content_type_id": ContentType.objects.get_for_model(obj).pk if obj is not None else None,
                "object_id": str(obj.pk) if obj is not None else "",
            },
        )
        if created:
            transaction.on_commit(lambda: expand_event_task.enqueue(event.pk))
        return
    tell(code=code, people=users, key=key, notices=Notice(key=key, title=title, text=text, url=url), about=obj)


def expand_event(event_id):
    """Fan a many-recipient event out into notifications and outbox rows (the worker; safe to run twice)."""
    with transaction.atomic():
        event = NotificationEvent.objects.select_for_update().filter(pk=event_id, expanded_at__isnull=True).first()
        if event is None:
            return 0
        obj = object_of(event.content_type_id, event.object_id)
        count = 0
        if not event.content_type_id or obj is not None:
            notice = Notice(key=event.key, title=event.title, text=event.text, url=event.url)
            ids = event.recipient_ids
            for start in range(0, len(ids), 500):
                users = list(User.objects.filter(pk__in=ids[start : start + 500], is_active=True))
                tell(code=event.type, people=users, key=event.key, notices=notice, about=obj)
                count += len(users)
        event.expanded_at = timezone.now()
        event.save(update_fields=["expanded_at"])
    return count


@task()
def expand_event_task(event_id):
    """Background task: fan a many-recipient notification out into the outbox (:func:`expand_event`), then send it.

    Declared beside the service it runs: :func:`notify` enqueues it and it runs :func:`expand_event`, so one module
    holds both and no import cycle is needed."""
    return expand_event(event_id)


def notification_mail_send(*, code, key, email, user, title, text="", url=""):
    """Queue the standard mail of one notification of type `code` for `user` to one more address, whatever the
    person's choices: a copy they asked for elsewhere (the work address of a role request, seed 002)."""
    subject, body, _headers = render_email(code=code, title=title, text=text, url=url, user=user)
    queue_mail(key=key, email=email, subject=subject, body=body, recipient=user, type=code)


# --- Choices and addresses ---------------------------------------------------------------------------------------


def set_frequency(*, user, code, frequency):
    """Remember how `user` wants notifications of type `code` (one row per person and type)."""
    notification_type(code)
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    NotificationPreference.objects.update_or_create(user=user, type=code, defaults={"frequency": frequency})


@transaction.atomic
def frequencies_save(*, user, frequencies):
    """Save the person's choices ``{type code: frequency}`` from the settings page, all or nothing."""
    for code, frequency in frequencies.items():
        set_frequency(user=user, code=code, frequency=frequency)


@transaction.atomic
def switch_off(*, user, codes):
    """The one-click unsubscribe: switch the types `codes` off for `user`."""
    for code in codes:
        set_frequency(user=user, code=code, frequency=Frequency.OFF)


def address_add(*, user, email):
    """Add an extra address for `user`'s moderation notifications; it receives them once confirmed through the
    link mailed to it (nobody can make the site mail an address they do not read)."""
    with transaction.atomic():
        address, _created = NotificationAddress.objects.get_or_create(user=user, email=email.lower())
        if address.confirmed_at is None:
            token = signing.dumps({"a": address.pk, "u": user.pk}, salt=ADDRESS_SALT)
            link = absolute(reverse("notification_address_confirm", args=[token]))
            with translation.override(settings.LANGUAGE_CODE):
                subject = str(_("Confirm your extra address for Werkgroepen"))
                body = render_to_string(
                    "core/notifications/email/address_confirm.txt", {"link": link, "name": user.display_name}
                )
            queue_mail(
                key=f"address-confirm:{address.pk}:{timezone.now():%Y%m%d%H%M%S}",
                email=address.email,
                subject=subject,
                body=body,
                recipient=user,
            )
    return address


def address_confirm(*, user, token):
    """Confirm an extra address through the link mailed to it; returns the address, or None for a bad link."""
    try:
        data = signing.loads(token, salt=ADDRESS_SALT, max_age=60 * 60 * 24 * 7)
    except signing.BadSignature:
        return None
    if data.get("u") != user.pk:
        return None
    address = NotificationAddress.objects.filter(pk=data.get("a"), user=user).first()
    if address is not None and address.confirmed_at is None:
        address.confirmed_at = timezone.now()
        address.save(update_fields=["confirmed_at"])
    return address


def address_remove(*, user, pk):
    """Remove one of the person's own extra addresses; returns whether there was one."""
    deleted, _rows = NotificationAddress.objects.filter(user=user, pk=pk).delete()
    return bool(deleted)


# --- Reading ---------------------------------------------------------------------------------------------------


def notifications_mark_read(*, user, notifications):
    """Mark the person's own `notifications` read (opening the centre reads what it shows)."""
    ids = [notification.pk for notification in notifications if notification.read_at is None]
    if ids:
        Notification.objects.filter(recipient=user, pk__in=ids).update(read_at=timezone.now())


def notifications_mark_all_read(*, user):
    """Mark every unread notification of the person read ("alles gelezen"); returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def notification_open(*, user, notification):
    """Mark one of the person's own notifications read."""
    if notification.recipient_id == user.pk and notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


# --- The daily and weekly digest -------------------------------------------------------------------------------


def send_digest(*, user_id, period, now=None):
    """Put `user_id`'s digest for `period` in the outbox and mark its notifications mailed, in one transaction.

    The digest holds the notifications of that frequency that were not mailed yet, without those about what the
    person may no longer see (SEC-22) and those whose type the person has switched off since. The outbox key names
    the person and the period (``digest:daily:2026-11-24:<user>``), so a second run in the same period sends
    nothing. Returns 1 when a mail was queued, else 0. A digest already queued for this person and period leaves
    newer notifications for the next period (they are never marked mailed without a mail).
    """
    if period not in PERIODS:
        raise ValueError(period)
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(recipient_id=user_id, frequency=period, emailed_at__isnull=True)
            .order_by("id")
        )
        if not rows:
            return 0
        user = User.objects.filter(pk=user_id, is_active=True).first()
        key = digest_key(user_id=user_id, period=period, now=now)
        if user is not None and OutboundMessage.objects.filter(key=key, email=user.email).exists():
            return 0
        kept = []
        if user is not None:
            frequencies = current_frequencies(user, {row.type for row in rows})
            kept = still_visible(user, [row for row in rows if frequencies[row.type] != Frequency.OFF])
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=now)
        if not kept:
            return 0
        subject, body, headers = render_digest(user=user, period=period, notifications=kept)
        queue_mail(
            key=key,
            email=user.email,
            subject=subject,
            body=body,
            recipient=user,
            headers=headers,
            type=f"digest.{period}",
        )
    return 1


def send_digests(*, period, now=None):
    """Queue the `period` digest of everyone with notifications waiting for it; returns the number queued
    (``manage.py send_digests --period daily|weekly``, from cron; safe to run twice)."""
    if period not in PERIODS:
        raise ValueError(period)
    now = now or timezone.now()
    user_ids = (
        Notification.objects.filter(frequency=period, emailed_at__isnull=True)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    return sum(send_digest(user_id=user_id, period=period, now=now) for user_id in list(user_ids))
