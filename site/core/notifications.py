"""Notifications: the one way the site tells people something, in the notification centre and by e-mail.

Apps declare their types through the ``register_notification_types`` hook (code, label, default frequency, who
may receive them) and call :func:`notify` inside the transaction of the event. A notification about an object
(a post, a membership, a space) is only created for, and only mailed to, people who may see that object
(``visible_to``) — checked when it is written and again when the mail leaves (SEC-22). Each person chooses per
type: immediately, a daily or weekly digest, or off; moderators may add e-mail addresses that receive their
moderation notifications too (seed 002). E-mail goes through the outbox (:mod:`core.outbox`).
"""

from functools import cache

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from config.hooks import REGISTER_NOTIFICATION_TYPES, NotificationType, call
from core.models import (
    Frequency,
    Notification,
    NotificationAddress,
    NotificationEvent,
    NotificationPreference,
    OutboundMessage,
)

UNSUBSCRIBE_SALT = "werkgroepen.unsubscribe"
INLINE_LIMIT = 50  # more recipients than this: written as one event, fanned out by the worker

# Types of the core itself; apps add theirs through the hook.
CORE_TYPES = [
    NotificationType(
        code="core.invitation", label=_("Invitations"), default_frequency="immediately", audience="members"
    ),
    NotificationType(
        code="core.role_request_decided",
        label=_("Decisions on my role requests"),
        default_frequency="immediately",
        audience="members",
    ),
    NotificationType(
        code="core.data_export",
        label=_("My data exports"),
        default_frequency="immediately",
        audience="members",
    ),
    NotificationType(
        code="core.role_request",
        label=_("Role requests to decide"),
        default_frequency="immediately",
        audience="editors",
    ),
]


@cache
def _types():
    return {kind.code: kind for kind in CORE_TYPES + list(call(REGISTER_NOTIFICATION_TYPES))}


def notification_types():
    """Every declared type, by code."""
    return dict(_types())


def notification_type(code):
    try:
        return _types()[code]
    except KeyError as exc:
        raise LookupError(f"Unknown notification type {code!r}: declare it with register_notification_types") from exc


def frequencies_for(users, code):
    """``{user_id: frequency}`` for `users` and type `code` (their choice, else the type's default)."""
    default = notification_type(code).default_frequency
    chosen = dict(NotificationPreference.objects.filter(user__in=users, type=code).values_list("user_id", "frequency"))
    return {user.pk: chosen.get(user.pk, default) for user in users}


def set_frequency(*, user, code, frequency):
    """Remember how `user` wants notifications of type `code` (one row per person and type)."""
    notification_type(code)
    if frequency not in Frequency.values:
        raise ValueError(frequency)
    NotificationPreference.objects.update_or_create(user=user, type=code, defaults={"frequency": frequency})


def unsubscribe_token(user, code):
    return signing.dumps({"u": user.pk, "t": code}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user_id, type code)`` from a token of :func:`unsubscribe_token`, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    return data.get("u"), data.get("t")


def may_see(user, obj):
    """Whether `user` may see `obj` now, by the one definition of its model (``visible_to``)."""
    if obj is None:
        return True
    if not user.is_active:
        return False
    manager = type(obj)._default_manager
    if not hasattr(manager, "visible_to"):
        return True
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def _subject_of(content_type_id, object_id):
    if not content_type_id or not object_id:
        return None
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return model._default_manager.filter(pk=object_id).first() if model else None


def absolute(url):
    return url if "://" in url else f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{url}"


def render_email(*, code, title, text, url, user):
    """Subject and body of one notification e-mail (Dutch first), with the unsubscribe link of its type."""
    kind = notification_type(code)
    unsubscribe = absolute(reverse("notification_unsubscribe", args=[unsubscribe_token(user, code)]))
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": title,
            "text": text,
            "url": absolute(url) if url else "",
            "type_label": kind.label,
            "unsubscribe_url": unsubscribe,
            "settings_url": absolute(reverse("notification_settings")),
            "name": "" if kind.discreet else user.display_name,  # a discreet type greets nobody by name
        }
        subject = render_to_string("core/email/notification_subject.txt", context).strip()
        body = render_to_string("core/email/notification_body.txt", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return subject, body, headers


def notify(*, code, users, key, title, url="", text="", obj=None, actor=None):
    """Tell `users` about an event, inside the event's transaction.

    `key` names the event (unique per recipient: notifying twice about one event does nothing more). `obj` is
    what it is about: only people who may see it are told, now and when the mail leaves. The actor is never
    told about their own action. Many recipients: one event row, fanned out by the worker after commit.
    """
    notification_type(code)
    users = [user for user in users if user is not None and user.is_active and (actor is None or user.pk != actor.pk)]
    if not users:
        return
    content_type_id = ContentType.objects.get_for_model(obj).pk if obj is not None else None
    object_id = str(obj.pk) if obj is not None else ""
    if len(users) > INLINE_LIMIT:
        event, created = NotificationEvent.objects.get_or_create(
            key=key,
            defaults={
                "type": code,
                "recipient_ids": sorted({user.pk for user in users}),
                "title": title[:300],
                "text": text,
                "url": url,
                "content_type_id": content_type_id,
                "object_id": object_id,
            },
        )
        if created:
            transaction.on_commit(lambda: _enqueue("expand_event", event.pk))
        return
    _write(
        code=code,
        users=users,
        key=key,
        title=title,
        text=text,
        url=url,
        obj=obj,
        content_type_id=content_type_id,
        object_id=object_id,
    )


def _write(*, code, users, key, title, text, url, obj, content_type_id, object_id):
    users = [user for user in users if may_see(user, obj)]
    if not users:
        return
    frequencies = frequencies_for(users, code)
    users = [user for user in users if frequencies[user.pk] != Frequency.OFF]
    now = timezone.now()
    Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                type=code,
                key=key,
                title=title[:300],
                text=text,
                url=url,
                content_type_id=content_type_id,
                object_id=object_id,
                frequency=frequencies[user.pk],
                emailed_at=now if frequencies[user.pk] == Frequency.IMMEDIATELY else None,
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    immediate = [user for user in users if frequencies[user.pk] == Frequency.IMMEDIATELY]
    extra = {}
    if immediate and notification_type(code).audience == "moderators":
        for address in NotificationAddress.objects.filter(user__in=immediate, confirmed_at__isnull=False):
            extra.setdefault(address.user_id, []).append(address.email)
    messages = []
    for user in immediate:
        subject, body, headers = render_email(code=code, title=title, text=text, url=url, user=user)
        for email in [user.email, *extra.get(user.pk, [])]:
            messages.append(
                OutboundMessage(
                    key=key,
                    email=email,
                    recipient=user,
                    type=code,
                    subject=subject,
                    body=body,
                    headers=headers,
                    content_type_id=content_type_id,
                    object_id=object_id,
                    next_attempt_at=now,
                )
            )
    if messages:
        from core.outbox import schedule_delivery

        OutboundMessage.objects.bulk_create(messages, ignore_conflicts=True)
        schedule_delivery()


def expand_event(event_id):
    """Fan a many-recipient event out into notifications and outbox rows (the worker; safe to run twice)."""
    from core.models import User

    with transaction.atomic():
        event = NotificationEvent.objects.select_for_update().filter(pk=event_id, expanded_at__isnull=True).first()
        if event is None:
            return 0
        obj = _subject_of(event.content_type_id, event.object_id)
        if event.content_type_id and obj is None:
            event.expanded_at = timezone.now()
            event.save(update_fields=["expanded_at"])
            return 0
        count = 0
        ids = event.recipient_ids
        for start in range(0, len(ids), 500):
            users = list(User.objects.filter(pk__in=ids[start : start + 500], is_active=True))
            _write(
                code=event.type,
                users=users,
                key=event.key,
                title=event.title,
                text=event.text,
                url=event.url,
                obj=obj,
                content_type_id=event.content_type_id,
                object_id=event.object_id,
            )
            count += len(users)
        event.expanded_at = timezone.now()
        event.save(update_fields=["expanded_at"])
    return count


def _enqueue(name, *args):
    from core import tasks

    getattr(tasks, name).enqueue(*args)


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


ADDRESS_SALT = "werkgroepen.notification-address"


def address_add(*, user, email):
    """Add an extra address for `user`'s moderation notifications; it receives them once confirmed through the
    link mailed to it (nobody can make the site mail an address they do not read)."""
    from core.outbox import queue_mail

    with transaction.atomic():
        address, _created = NotificationAddress.objects.get_or_create(user=user, email=email.lower())
        if address.confirmed_at is None:
            token = signing.dumps({"a": address.pk, "u": user.pk}, salt=ADDRESS_SALT)
            link = absolute(reverse("notification_address_confirm", args=[token]))
            with translation.override(settings.LANGUAGE_CODE):
                subject = str(_("Confirm your extra address for Werkgroepen"))
                body = render_to_string("core/email/address_confirm.txt", {"link": link, "name": user.display_name})
            queue_mail(
                key=f"address-confirm:{address.pk}:{timezone.now():%Y%m%d%H%M%S}",
                email=address.email,
                subject=subject,
                body=body,
                recipient=user,
            )
    return address


def address_confirm(*, user, token):
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


def still_visible(user, notifications):
    """`notifications` without those about objects `user` may no longer see."""
    kept = []
    subjects = {}
    for notification in notifications:
        key = (notification.content_type_id, notification.object_id)
        if key not in subjects:
            subjects[key] = _subject_of(*key)
        subject = subjects[key]
        if notification.content_type_id and (subject is None or not may_see(user, subject)):
            continue
        kept.append(notification)
    return kept
