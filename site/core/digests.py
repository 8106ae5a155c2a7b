"""Daily and weekly digests: the notifications a person chose to receive "daily" or "weekly", in one e-mail.

``manage.py send_digests --period daily|weekly`` (cron, see the README) collects per person the notifications of
that frequency that were not mailed yet, drops those about what the person may no longer see
(:func:`core.notifications.still_visible`, SEC-22) and those whose type the person has switched off since, and
puts one e-mail in the outbox. The notifications are marked mailed in the same transaction as the outbox row
(REL-03). The outbox key names the person and the period (``digest:daily:2026-11-24:<user>``), so a second run in
the same period sends nothing: the notifications are already marked, and a row with that key exists.
"""

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.models import Frequency, Notification, OutboundMessage, User
from core.notifications import absolute, notification_types, still_visible

PERIODS = (Frequency.DAILY, Frequency.WEEKLY)
UNSUBSCRIBE_SALT = "werkgroepen.digest-unsubscribe"


def period_key(period, now):
    """The name of the period `now` falls in: the day (``2026-11-24``) or the ISO week (``2026-W48``)."""
    day = timezone.localdate(now)
    if period == Frequency.DAILY:
        return day.isoformat()
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(*, user_id, period, now):
    return f"digest:{period}:{period_key(period, now)}:{user_id}"


def unsubscribe_token(user, codes):
    return signing.dumps({"u": user.pk, "t": sorted(codes)}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token):
    """``(user_id, [type codes])`` from :func:`unsubscribe_token`, or None."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    return data.get("u"), list(data.get("t") or [])


def _current_frequencies(user, codes):
    """The person's choice now for each type in `codes` (their preference, else the type's default)."""
    kinds = notification_types()
    chosen = dict(user.notification_preferences.filter(type__in=codes).values_list("type", "frequency"))
    return {code: chosen.get(code, kinds[code].default_frequency if code in kinds else Frequency.OFF) for code in codes}


def render_digest(*, user, period, notifications):
    """Subject, body and headers of one person's digest, Dutch first, with a one-click unsubscribe (RFC 8058)
    that switches off the kinds of notification it holds."""
    kinds = notification_types()
    codes = sorted({notification.type for notification in notifications})
    unsubscribe = absolute(reverse("digest_unsubscribe", args=[unsubscribe_token(user, codes)]))
    with translation.override(settings.LANGUAGE_CODE):
        groups = []
        for code in codes:
            items = [
                {"title": n.title, "text": n.text, "url": absolute(n.url) if n.url else ""}
                for n in notifications
                if n.type == code
            ]
            groups.append({"label": str(kinds[code].label) if code in kinds else code, "items": items})
        discreet = any(kinds[code].discreet for code in codes if code in kinds)
        context = {
            "name": "" if discreet else user.display_name,  # a digest holding a discreet type greets nobody
            "daily": period == Frequency.DAILY,
            "count": len(notifications),
            "groups": groups,
            "unsubscribe_url": unsubscribe,
            "settings_url": absolute(reverse("notification_settings")),
        }
        subject = render_to_string("core/email/digest_subject.txt", context).strip()
        body = render_to_string("core/email/digest_body.txt", context)
    headers = {"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return subject, body, headers


def send_digest(*, user_id, period, now=None):
    """Put `user_id`'s digest for `period` in the outbox and mark its notifications mailed, in one transaction.

    Returns 1 when a mail was queued, else 0. A digest already queued for this person and period leaves newer
    notifications for the next period (they are never marked mailed without a mail).
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
            frequencies = _current_frequencies(user, {row.type for row in rows})
            kept = still_visible(user, [row for row in rows if frequencies[row.type] != Frequency.OFF])
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=now)
        if not kept:
            return 0
        from core.outbox import queue_mail

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
    """Queue the `period` digest of everyone with notifications waiting for it; returns the number queued."""
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
