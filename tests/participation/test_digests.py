"""Digests (issue 4 §7): the automatic daily and weekly digests of notifications, and the digest of interesting
posts a moderator composes for their theme (seed 000: "een beheerder zal periodiek een overzicht sturen van de
interessante berichten").

Mail really leaves over SMTP to a local aiosmtpd sink (``deliver_pending``); every command runs twice and the
second run sends nothing (REL-03, REL-04); preferences are honoured; every recipient only receives what they may
see (SEC-05, SEC-22). Mail bodies are rendered in the site language (Dutch first), so these tests look for post
titles, addresses and links rather than for template sentences.
"""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.models import Frequency, Notification, NotificationPreference, OutboundMessage
from core.notifications import notify, set_frequency
from core.outbox import deliver_pending
from participation import factories
from participation.models import MembershipStatus

pytestmark = pytest.mark.django_db


def send_digests(period, **kwargs):
    out = StringIO()
    call_command("send_digests", "--period", period, stdout=out, **kwargs)
    return out.getvalue()


def bodies(sink):
    return {str(message["To"]): sink.body(message) for message in sink.messages}


@pytest.fixture
def lotte(open_theme, make_member):
    return make_member(open_theme, "lotte@example.org")


@pytest.fixture
def author(open_theme, closed_theme, make_member):
    user = make_member(open_theme, "auteur@example.org")
    factories.membership(user=user, theme=closed_theme)
    return user


def tell(users, post, key, code="core.invitation"):
    notify(code=code, users=users, key=key, title=f"Nieuw: {post.title}", url=post.get_absolute_url(), obj=post)


# --- Automatic daily and weekly digests ---------------------------------------------------------------------------


def test_daily_digest_collects_notifications_in_one_mail_and_a_second_run_sends_nothing(
    open_theme, lotte, author, smtp_sink
):
    """REL-03/REL-04: one mail per person and period; the notifications are marked mailed with the outbox row,
    so running the command again (cron twice, a retry) sends nothing more."""
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    first = factories.post(author=author, page=open_theme, title="Fietspad langs de Leie")
    second = factories.post(author=author, page=open_theme, title="Zebrapad aan de school")
    tell([lotte], first, "t:1")
    tell([lotte], second, "t:2")
    assert deliver_pending() == 0, "a daily choice sends nothing at once"

    assert "1 daily" in send_digests("daily")
    assert deliver_pending() == 1
    message = smtp_sink.wait_for(1)[0]
    assert message["To"] == "lotte@example.org"
    body = smtp_sink.body(message)
    assert "Nieuw: Fietspad langs de Leie" in body and "Nieuw: Zebrapad aan de school" in body
    assert f"/deelname/berichten/{first.pk}/" in body
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/account/meldingen/overzicht-afmelden/" in message["List-Unsubscribe"]
    assert not Notification.objects.filter(recipient=lotte, emailed_at__isnull=True).exists()

    assert "0 daily" in send_digests("daily")
    assert deliver_pending() == 0
    assert len(smtp_sink.messages) == 1
    assert OutboundMessage.objects.filter(recipient=lotte).count() == 1


def test_daily_and_weekly_digests_keep_to_their_own_notifications(open_theme, lotte, author, make_member, smtp_sink):
    jonas = make_member(open_theme, "jonas@example.org")
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    set_frequency(user=jonas, code="core.invitation", frequency=Frequency.WEEKLY)
    post = factories.post(author=author, page=open_theme, title="Bankjes op het plein")
    tell([lotte, jonas], post, "t:bank")

    send_digests("daily")
    deliver_pending()
    assert [str(m["To"]) for m in smtp_sink.wait_for(1)] == ["lotte@example.org"]
    assert Notification.objects.get(recipient=jonas).emailed_at is None, "the weekly one waits for its week"

    send_digests("weekly")
    send_digests("weekly")
    deliver_pending()
    assert sorted(str(m["To"]) for m in smtp_sink.wait_for(2)) == ["jonas@example.org", "lotte@example.org"]
    assert len(smtp_sink.messages) == 2


def test_a_notification_arriving_after_the_days_digest_waits_for_the_next_day(open_theme, lotte, author, smtp_sink):
    """The key per person and period stops a second mail the same day, and never drops what came in late."""
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    now = timezone.now()
    tell([lotte], factories.post(author=author, page=open_theme, title="Eerste"), "t:a")
    call_command("send_digests", "--period", "daily", stdout=StringIO())
    late = factories.post(author=author, page=open_theme, title="Laat binnengekomen")
    tell([lotte], late, "t:b")

    from core.digests import send_digests as run

    assert run(period=Frequency.DAILY, now=now) == 0
    assert Notification.objects.get(key="t:b").emailed_at is None
    assert run(period=Frequency.DAILY, now=now + timedelta(days=1)) == 1
    deliver_pending()
    messages = smtp_sink.wait_for(2)
    assert "Laat binnengekomen" in smtp_sink.body(messages[1]) and "Eerste" not in smtp_sink.body(messages[1])


def test_the_digest_leaves_out_what_the_person_may_no_longer_see(closed_theme, make_member, author, smtp_sink):
    """SEC-22: no mail about a closed theme's members-only post reaches someone who left the theme."""
    kobe = make_member(closed_theme, "kobe@example.org")
    set_frequency(user=kobe, code="core.invitation", frequency=Frequency.DAILY)
    secret = factories.post(author=author, page=closed_theme, title="Verslag van de besloten vergadering")
    open_post = factories.post(author=author, page=closed_theme, title="Nog een bericht")
    tell([kobe], secret, "t:secret")
    tell([kobe], open_post, "t:other")
    factories.membership(user=kobe, theme=closed_theme, status=MembershipStatus.LEFT)

    send_digests("daily")
    deliver_pending()
    assert smtp_sink.messages == [], "nothing he may still see, so no mail at all"
    assert not Notification.objects.filter(recipient=kobe, emailed_at__isnull=True).exists()


def test_only_the_visible_notifications_are_mailed(open_theme, closed_theme, make_member, author, smtp_sink):
    elif_ = make_member(open_theme, "elif@example.org")
    factories.membership(user=elif_, theme=closed_theme)
    set_frequency(user=elif_, code="core.invitation", frequency=Frequency.WEEKLY)
    tell([elif_], factories.post(author=author, page=closed_theme, title="Besloten agenda"), "t:closed")
    tell([elif_], factories.post(author=author, page=open_theme, title="Open oproep"), "t:open")
    factories.membership(user=elif_, theme=closed_theme, status=MembershipStatus.LEFT)

    send_digests("weekly")
    deliver_pending()
    body = smtp_sink.body(smtp_sink.wait_for(1)[0])
    assert "Open oproep" in body
    assert "Besloten agenda" not in body


def test_a_type_switched_off_after_the_fact_is_not_mailed(open_theme, lotte, author, smtp_sink):
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    tell([lotte], factories.post(author=author, page=open_theme, title="Iets"), "t:off")
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.OFF)

    send_digests("daily")
    deliver_pending()
    assert smtp_sink.messages == []
    assert Notification.objects.get(key="t:off").emailed_at is not None, "it does not wait for ever either"


def test_the_digests_one_click_unsubscribe_switches_off_its_kinds(open_theme, lotte, author, smtp_sink):
    """RFC 8058: the mail client POSTs to the List-Unsubscribe address without a session or CSRF token."""
    set_frequency(user=lotte, code="core.invitation", frequency=Frequency.DAILY)
    tell([lotte], factories.post(author=author, page=open_theme, title="Iets"), "t:unsub")
    send_digests("daily")
    deliver_pending()
    url = smtp_sink.wait_for(1)[0]["List-Unsubscribe"].strip("<>")
    path = url.split("://", 1)[1].split("/", 1)[1]

    client = Client(enforce_csrf_checks=True)
    assert client.get(f"/{path}").status_code == 200
    assert NotificationPreference.objects.get(user=lotte, type="core.invitation").frequency == Frequency.DAILY
    assert client.post(f"/{path}", {"List-Unsubscribe": "One-Click"}).status_code == 200
    assert NotificationPreference.objects.get(user=lotte, type="core.invitation").frequency == Frequency.OFF
    assert client.post(f"/{path[:-5]}xxxxx/").status_code == 404, "a forged token changes nothing"


def test_an_unknown_period_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        send_digests("hourly")
