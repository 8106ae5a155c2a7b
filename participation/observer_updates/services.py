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

from functools import cache

from django.db import transaction
from django.utils import timezone

from core.notifications.services import Mail, Notice, tell
from participation.observer_updates.mail import OBSERVER_UPDATE, heading, render_mail
from participation.observer_updates.selectors import figures, last_period, observers_of
from themes.models import OrganisationPage


def update_key(organisation, start, end):
    return f"observer-update:{organisation.pk}:{start:%Y-%m}:{end:%Y-%m}"


@transaction.atomic
def send_update(*, organisation, now=None):
    """Tell the observers of `organisation` about its last complete period, as each chose, through the one fan-out
    (:func:`core.notifications.services.tell`); returns how many were told now (0 when they all were before: safe
    to run twice). The figures are only counted when someone is told."""
    now = now or timezone.now()
    start, end = last_period(organisation.observer_update_months or 3, now)

    @cache
    def update():
        return figures(organisation, start, end)

    def notices(_user):
        title, summary = heading(update())
        return Notice(key=key, title=title, text=summary, url=organisation.url or "")

    def mail(user, links):
        subject, body = render_mail(update(), user, links=links)
        return Mail(subject=subject, body=body)

    key = update_key(organisation, start, end)
    told = tell(
        code=OBSERVER_UPDATE,
        people=observers_of(organisation),
        key=key,
        notices=notices,
        mail=mail,
        skip_told=True,
        now=now,
    )
    return len(told.told)


def send_updates(*, now=None):
    """:func:`send_update` for every live organisation; returns the number of observers told."""
    return sum(
        send_update(organisation=organisation, now=now)
        for organisation in OrganisationPage.objects.live().order_by("path")
    )
