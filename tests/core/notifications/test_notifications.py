"""Notifications and the outbox (issue 4 items 4 and 5; REL-03, REL-04, SEC-22).

Mail really leaves over SMTP to a local aiosmtpd sink; preferences, digests-to-be, unsubscribe links and
visibility re-checks are all seen from the recipient's side.
"""

import smtplib

import pytest
from django.test import Client
from django.utils import timezone, translation

from core.models import Frequency, Notification, NotificationPreference, OutboundMessage, OutboundStatus
from core.notifications.services import notify, set_frequency
from core.notifications.tokens import unsubscribe_token
from core.outbox.services import deliver_pending, queue_mail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def people(user_factory):
    return [user_factory(f"persoon{i}@example.org", f"Persoon {i}") for i in range(3)]


def test_a_notification_reaches_the_centre_and_leaves_by_smtp_after_commit(
    people, smtp_sink, django_capture_on_commit_callbacks
):
    """REL-03: the mail leaves after the transaction commits, with a one-click unsubscribe (RFC 8058)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(code="core.invitation", users=people[:1], key="test:1", title="Je bent uitgenodigd", url="/x/")
    assert Notification.objects.filter(recipient=people[0], key="test:1").exists()
    assert smtp_sink.messages == [], "nothing leaves before commit"
    for callback in callbacks:
        callback()

    message = smtp_sink.wait_for(1)[0]
    assert message["To"] == "persoon0@example.org"
    assert "Je bent uitgenodigd" in message["Subject"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/account/meldingen/afmelden/" in message["List-Unsubscribe"]
    assert message["Message-ID"].startswith("<outbox-")
    assert OutboundMessage.objects.get(email="persoon0@example.org").status == OutboundStatus.SENT


def test_a_rolled_back_event_sends_nothing(people, mailoutbox, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify(code="core.invitation", users=people, key="test:rollback", title="Nooit", url="/")
            raise RuntimeError("the event fails after its first write")
    assert mailoutbox == []
    assert not Notification.objects.exists() and not OutboundMessage.objects.exists()


def test_the_same_event_twice_sends_once(people, mailoutbox, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            notify(code="core.invitation", users=people[:2], key="test:twice", title="Eén keer", url="/")
    assert sorted(m.to[0] for m in mailoutbox) == ["persoon0@example.org", "persoon1@example.org"]
    assert Notification.objects.count() == 2


def test_preferences_are_honoured(people, mailoutbox, django_capture_on_commit_callbacks):
    set_frequency(user=people[1], code="core.invitation", frequency=Frequency.DAILY)
    set_frequency(user=people[2], code="core.invitation", frequency=Frequency.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        notify(code="core.invitation", users=people, key="test:prefs", title="Voorkeur", url="/")
    assert [m.to[0] for m in mailoutbox] == ["persoon0@example.org"], "only 'immediately' mails at once"
    assert set(Notification.objects.values_list("recipient__email", "frequency")) == {
        ("persoon0@example.org", Frequency.IMMEDIATELY),
        ("persoon1@example.org", Frequency.DAILY),
    }, "'off' means nothing at all; the daily one waits for the digest"
    assert Notification.objects.get(recipient=people[1]).emailed_at is None


def test_the_actor_is_not_told_about_their_own_action(people, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify(code="core.invitation", users=people, key="test:actor", title="Zelf", url="/", actor=people[0])
    assert not Notification.objects.filter(recipient=people[0]).exists()


def test_one_click_unsubscribe_switches_that_type_off(people):
    client = Client(headers={"accept-language": "en"})
    url = f"/account/meldingen/afmelden/{unsubscribe_token(people[0], 'core.invitation')}/"
    page = client.get(url)
    assert page.status_code == 200 and not NotificationPreference.objects.exists(), "GET only asks"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert NotificationPreference.objects.get(user=people[0], type="core.invitation").frequency == Frequency.OFF
    assert client.post("/account/meldingen/afmelden/vervalst/").status_code == 404


def test_temporary_smtp_failures_are_retried_and_permanent_ones_fail(people, settings):
    """REL-04: a 4xx waits and is tried again; a 5xx is marked failed for the administration."""

    class Refusing:
        def __init__(self, code):
            self.code = code

        def open(self):
            return True

        def close(self):
            pass

        def send_messages(self, messages):
            raise smtplib.SMTPRecipientsRefused({messages[0].to[0]: (self.code, b"no")})

    queue_mail(key="retry", email="tijdelijk@example.org", subject="S", body="B")
    queue_mail(key="fail", email="bestaat-niet@example.org", subject="S", body="B")
    temporary = OutboundMessage.objects.get(key="retry")
    deliver_pending(connection=Refusing(451), limit=1)
    temporary.refresh_from_db()
    assert (temporary.status, temporary.attempts) == (OutboundStatus.QUEUED, 1)
    assert temporary.next_attempt_at > timezone.now(), "backoff"

    deliver_pending(connection=Refusing(550))
    failed = OutboundMessage.objects.get(key="fail")
    assert failed.status == OutboundStatus.FAILED and "550" in failed.last_error
    temporary.refresh_from_db()
    assert temporary.status == OutboundStatus.QUEUED, "not due yet: untouched"


def test_mail_about_something_the_recipient_can_no_longer_see_is_not_sent(open_theme_with_member, mailoutbox):
    """SEC-22, SEC-05: the recipient's right to see the subject is checked again when the mail leaves."""
    theme, member, post = open_theme_with_member
    queue_mail(key="late", email=member.email, subject="Over een bericht", body="…", recipient=member, obj=post)
    post.status = "withdrawn"
    post.save()
    deliver_pending()
    assert mailoutbox == []
    assert OutboundMessage.objects.get(key="late").status == OutboundStatus.CANCELLED


@pytest.fixture
def open_theme_with_member(organisation, user_factory):
    from participation import factories
    from themes.factories import theme_page

    theme = theme_page(title="Open", organisation=organisation, group_type="closed")
    author = user_factory("auteur@example.org")
    member = user_factory("lid2@example.org")
    factories.membership(user=author, theme=theme)
    factories.membership(user=member, theme=theme)
    post = factories.post(author=author, page=theme)
    return theme, member, post


def test_notifications_about_lost_things_leave_the_centre(open_theme_with_member):
    theme, member, post = open_theme_with_member
    notify(code="core.invitation", users=[member], key="about-post", title="Nieuw bericht", url="/", obj=post)
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    assert "Nieuw bericht" in client.get("/account/meldingen/").content.decode()
    member.memberships.update(status="left")
    assert "Nieuw bericht" not in client.get("/account/meldingen/").content.decode()


def test_nobody_outside_the_closed_theme_is_notified_about_its_post(
    open_theme_with_member, user_factory, mailoutbox, django_capture_on_commit_callbacks
):
    theme, member, post = open_theme_with_member
    outsider = user_factory("buiten@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(code="core.invitation", users=[member, outsider], key="post:x", title="Besloten", url="/", obj=post)
    assert [m.to[0] for m in mailoutbox] == [member.email]
    assert not Notification.objects.filter(recipient=outsider).exists()


# --- The extra-address form goes back only to this site (issue 9 hole 10) --------------------------------------


@pytest.mark.parametrize(
    "referer",
    [
        "https://evil.example/meldingen/",
        "//evil.example/account/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "",
    ],
)
def test_a_refused_extra_address_goes_back_to_the_settings_never_to_another_site(member, referer):
    """A Referer from another site (or a forged one) after a wrong address: the person lands on their own
    notification settings, with the error, not on a page someone else chose."""
    client = Client(headers={"accept-language": "en"})
    client.force_login(member)
    response = client.post("/account/meldingen/adressen/", {"email": "geen-adres"}, HTTP_REFERER=referer)
    assert response.status_code == 302
    assert response["Location"] == "/account/meldingen/instellingen/"
    followed = client.get(response["Location"])
    assert "Enter a valid email address." in followed.content.decode()


def test_a_refused_extra_address_goes_back_to_the_page_of_this_site_it_came_from(client, member):
    client.force_login(member)
    here = "http://testserver/account/meldingen/instellingen/?open=adressen"
    response = client.post("/account/meldingen/adressen/", {"email": "geen-adres"}, HTTP_REFERER=here)
    assert response["Location"] == here
