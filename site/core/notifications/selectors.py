"""Reads of notifications: the declared types, people's choices, and what a person may still be shown."""

from functools import cache

from config.hooks import REGISTER_NOTIFICATION_TYPES, call
from core.access import may_see, object_of
from core.notifications.models import Frequency, Notification, NotificationPreference
from core.notifications.tokens import links_for

CENTRE_PAGE_SIZE = 30


@cache
def _types():
    return {kind.code: kind for kind in call(REGISTER_NOTIFICATION_TYPES)}


def notification_types():
    """Every declared type (``register_notification_types``: the core's rooms, the apps and the plugins), by code."""
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


def current_frequencies(user, codes):
    """The person's choice now for each type in `codes` (their preference, else the type's default; off for a type
    nobody declares any more)."""
    kinds = notification_types()
    chosen = dict(user.notification_preferences.filter(type__in=codes).values_list("type", "frequency"))
    return {code: chosen.get(code, kinds[code].default_frequency if code in kinds else Frequency.OFF) for code in codes}


def mail_links(user, code):
    """The :class:`~core.notifications.tokens.Links` (one-click unsubscribe, settings) of a mail of type `code` to
    `user`: for a renderer outside :func:`core.notifications.services.tell` (a preview)."""
    return links_for(user, code)


def chosen_frequencies(user):
    """``{type code: frequency}`` of the types the person chose a frequency for."""
    return dict(user.notification_preferences.values_list("type", "frequency"))


def still_visible(user, notifications):
    """`notifications` without those about objects `user` may no longer see."""
    kept = []
    subjects = {}
    for notification in notifications:
        key = (notification.content_type_id, notification.object_id)
        if key not in subjects:
            subjects[key] = object_of(*key)
        subject = subjects[key]
        if notification.content_type_id and (subject is None or not may_see(user, subject)):
            continue
        kept.append(notification)
    return kept


def centre_page(user, *, before=None):
    """One page of the person's notification centre, newest first, without those about what they may no longer
    see: ``(notifications, id to continue before or None)``."""
    rows = Notification.objects.filter(recipient=user).order_by("-id")
    if before is not None:
        rows = rows.filter(pk__lt=before)
    page = list(rows[: CENTRE_PAGE_SIZE + 1])
    more = page[CENTRE_PAGE_SIZE - 1].pk if len(page) > CENTRE_PAGE_SIZE else None
    return still_visible(user, page[:CENTRE_PAGE_SIZE]), more


def own_notification(user, pk):
    """The person's own notification `pk` when it is still about something they may see, else None."""
    notification = Notification.objects.filter(recipient=user, pk=pk).first()
    if notification is None or not still_visible(user, [notification]):
        return None
    return notification


def unread_count(user):
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def extra_addresses(user):
    """The person's extra addresses for moderation notifications, confirmed or waiting."""
    return user.notification_addresses.order_by("email")
