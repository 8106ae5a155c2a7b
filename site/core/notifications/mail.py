"""What the notification e-mails say: one notification's mail, the daily or weekly digest, and the signed one-click
unsubscribe links (RFC 8058) they carry. Rendering only: :mod:`core.notifications.services` writes."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from core.links import absolute
from core.notifications.models import Frequency
from core.notifications.selectors import notification_type, notification_types
from core.notifications.tokens import digest_unsubscribe_token, settings_url, unsubscribe_headers, unsubscribe_url

# --- One notification ------------------------------------------------------------------------------------------


def render_email(*, code, title, text, url, user, unsubscribe=None):
    """Subject, body and headers of one notification e-mail (Dutch first), with the unsubscribe link of its type."""
    kind = notification_type(code)
    unsubscribe = unsubscribe or unsubscribe_url(user, code)
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "title": title,
            "text": text,
            "url": absolute(url) if url else "",
            "type_label": kind.label,
            "unsubscribe_url": unsubscribe,
            "settings_url": settings_url(),
            "name": "" if kind.discreet else user.display_name,  # a discreet type greets nobody by name
        }
        subject = render_to_string("core/notifications/email/notification_subject.txt", context).strip()
        body = render_to_string("core/notifications/email/notification_body.txt", context)
    return subject, body, unsubscribe_headers(unsubscribe)


# --- The daily and weekly digest -------------------------------------------------------------------------------


def period_key(period, now):
    """The name of the period `now` falls in: the day (``2026-11-24``) or the ISO week (``2026-W48``)."""
    day = timezone.localdate(now)
    if period == Frequency.DAILY:
        return day.isoformat()
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(*, user_id, period, now):
    return f"digest:{period}:{period_key(period, now)}:{user_id}"


def render_digest(*, user, period, notifications):
    """Subject, body and headers of one person's digest, Dutch first, with a one-click unsubscribe (RFC 8058)
    that switches off the kinds of notification it holds."""
    kinds = notification_types()
    codes = sorted({notification.type for notification in notifications})
    unsubscribe = absolute(reverse("digest_unsubscribe", args=[digest_unsubscribe_token(user, codes)]))
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
            "settings_url": settings_url(),
        }
        subject = render_to_string("core/notifications/email/digest_subject.txt", context).strip()
        body = render_to_string("core/notifications/email/digest_body.txt", context)
    return subject, body, unsubscribe_headers(unsubscribe)
