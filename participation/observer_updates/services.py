"""The periodic update for observers (seed 001: "om de 3 maanden krijgen alle politici ... een update in hun
mailbox"), issue 4 §7.

Every ``OrganisationPage.observer_update_months`` months (default 3; periods start in January, so 3 months means
quarters) the observers of an organisation (core role OBSERVER on the organisation) receive its figures for the
period that just ended — members per theme, new members, posts and reactions in the period, what waits for a
moderator now — and its highlights: the most-starred *public* posts of the period (``Post.objects.visible_to``
an anonymous visitor, so nothing of a closed theme, a members' section, a shielded post or a hidden theme is ever
named; counts are fine). ``manage.py send_observer_updates`` runs from cron (daily is fine): the key per
organisation and period makes a second run send nothing, and an observer added later in the period still gets it.
Each observer is told as they chose for "observer update": by mail now, in their daily or weekly digest, or not.
"""

from django.db import transaction
from django.utils import timezone

from core.models import Frequency, Notification, OutboundMessage
from core.notifications.selectors import frequencies_for
from core.outbox.services import schedule_delivery
from participation.observer_updates.mail import OBSERVER_UPDATE, render_mail
from participation.observer_updates.selectors import figures, last_period, observers_of
from themes.models import OrganisationPage


def update_key(organisation, start, end):
    return f"observer-update:{organisation.pk}:{start:%Y-%m}:{end:%Y-%m}"


@transaction.atomic
def send_update(*, organisation, now=None):
    """Tell the observers of `organisation` about its last complete period, as each chose; returns how many were
    told now (0 when they all were before: safe to run twice)."""
    now = now or timezone.now()
    start, end = last_period(organisation.observer_update_months or 3, now)
    key = update_key(organisation, start, end)
    observers = observers_of(organisation)
    done = set(Notification.objects.filter(key=key, recipient__in=observers).values_list("recipient_id", flat=True))
    observers = [user for user in observers if user.pk not in done]
    if not observers:
        return 0
    frequencies = frequencies_for(observers, OBSERVER_UPDATE)
    observers = [user for user in observers if frequencies[user.pk] != Frequency.OFF]
    if not observers:
        return 0
    update = figures(organisation, start, end)
    notifications, messages = [], []
    for user in observers:
        immediately = frequencies[user.pk] == Frequency.IMMEDIATELY
        subject, body, headers, summary = render_mail(update, user)
        notifications.append(
            Notification(
                recipient=user,
                type=OBSERVER_UPDATE,
                key=key,
                title=subject.removeprefix("[Werkgroepen] ")[:300],
                text=summary,
                url=organisation.url or "",
                frequency=frequencies[user.pk],
                emailed_at=now if immediately else None,
            )
        )
        if immediately:
            messages.append(
                OutboundMessage(
                    key=key,
                    email=user.email,
                    recipient=user,
                    type=OBSERVER_UPDATE,
                    subject=subject[:300],
                    body=body,
                    headers=headers,
                    next_attempt_at=timezone.now(),  # due at once, also when catching up on a past date
                )
            )
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    OutboundMessage.objects.bulk_create(messages, ignore_conflicts=True)
    if messages:
        schedule_delivery()
    return len(observers)


def send_updates(*, now=None):
    """:func:`send_update` for every live organisation; returns the number of observers told."""
    return sum(
        send_update(organisation=organisation, now=now)
        for organisation in OrganisationPage.objects.live().order_by("path")
    )
