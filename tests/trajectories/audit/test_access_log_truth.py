"""The access log tells the truth about who acted and how they had logged in (issue 9; SEC-14, NEN 7513).

Every row keeps the real account and how its session logged in (allauth's authentication records, read when the
row is written: password, two-step verification, invitation link…). A log-in to an account after its password was
reset through a link, or after a new e-mail address was confirmed on it, is written in the access log of every space
the person takes part in, and the young person reads it ("Logged in after a password reset"): whoever took over an
account that way is seen. Everything here goes through the real log-in, reset and e-mail flows of allauth.
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail
from django.test import Client
from django.urls import reverse

from trajectories.models import AccessAction, AccessLogEntry

pytestmark = pytest.mark.django_db

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105
NEW_PASSWORD = "een-nieuw-wachtwoord-43"  # noqa: S105
RESET = "account:password_reset"
NEW_EMAIL = "account:new_email"


@pytest.fixture
def browser(monkeypatch, django_capture_on_commit_callbacks):
    """Make clients whose requests commit like real ones: the outbox delivers the mail a request queued."""
    original = Client.request

    def request(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(Client, "request", request)
    return lambda: Client(headers={"accept-language": "en"})


def verified(user):
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def log_in(client, email, password=PASSWORD, secret=None):
    response = client.post(reverse("account_login"), {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:500]
    if secret is not None:
        assert response["Location"] == reverse("mfa_authenticate")
        code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
    assert "_auth_user_id" in client.session
    return response


def path_of(url):
    return "/" + url.split("://", 1)[-1].split("/", 1)[1]


def read_logbook(world, client):
    """Open the logbook, which shows one entry for everyone: a read row in the log."""
    from trajectories import factories

    factories.log_entry(trajectory=world.space, author=world.seats["young"])
    assert client.get(reverse("trajectories:logbook", args=[world.space.pk])).status_code == 200


def latest_row(world, who):
    return AccessLogEntry.objects.filter(trajectory=world.space, actor=world.users[who]).latest("pk")


def test_a_password_log_in_is_recorded_with_every_row_and_a_plain_one_is_not_an_account_event(world, browser):
    parent = verified(world.users["parent"])
    client = browser()
    log_in(client, parent.email)
    read_logbook(world, client)
    row = latest_row(world, "parent")
    assert (row.action, row.authentication, row.participant_id) == ("read", "password", world.seats["parent"].pk)
    assert not AccessLogEntry.objects.filter(item_type__startswith="account:").exists()


def test_a_professional_logs_in_with_two_steps_and_the_log_says_so(world, browser):
    pro = verified(world.users["pro_a"])
    Authenticator.objects.filter(user=pro).delete()
    secret = generate_totp_secret()
    TOTP.activate(pro, secret)
    client = browser()
    log_in(client, pro.email, secret=secret)
    read_logbook(world, client)
    assert latest_row(world, "pro_a").authentication == "password+mfa"
    page = browser()
    page.force_login(world.users["young"])
    html = page.get(reverse("trajectories:access_log", args=[world.space.pk])).content.decode()
    assert "logged in with: password, two-step verification" in html


def test_a_log_in_after_a_password_reset_is_shown_to_the_young_person(world, browser):
    """The scenario of hole 1: someone resets the mother's password through the link and logs in as her. The young
    person's access log says so, in the row of the log-in and with the mother's seat, the real account and how it
    logged in; the next ordinary log-in adds nothing (the event is used up)."""
    parent = verified(world.users["parent"])
    attacker = browser()
    attacker.post(reverse("account_reset_password"), {"email": parent.email})
    link = re.search(r"https?://\S+/account/password/reset/key/\S+/", mail.outbox[-1].body).group(0)
    form = attacker.get(path_of(link), follow=True)
    action = form.redirect_chain[-1][0] if form.redirect_chain else path_of(link)
    assert attacker.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code == 302
    assert not AccessLogEntry.objects.filter(item_type=RESET).exists()  # nothing until someone logs in

    log_in(attacker, parent.email, NEW_PASSWORD)
    [row] = AccessLogEntry.objects.filter(item_type=RESET)
    assert row.trajectory_id == world.space.pk and row.action == AccessAction.LOGIN
    assert row.actor_id == parent.pk and row.participant_id == world.seats["parent"].pk
    assert row.authentication == "password"
    read_logbook(world, attacker)
    assert latest_row(world, "parent").authentication == "password"

    young = browser()
    young.force_login(world.users["young"])
    html = young.get(reverse("trajectories:access_log", args=[world.space.pk])).content.decode()
    assert "Logged in after a password reset" in html
    assert world.seats["parent"].label in html

    again = browser()
    log_in(again, parent.email, NEW_PASSWORD)
    assert AccessLogEntry.objects.filter(item_type=RESET).count() == 1
    # The teacher, who reads no access log, does not see it either.
    teacher = browser()
    teacher.force_login(world.users["network"])
    assert teacher.get(reverse("trajectories:access_log", args=[world.space.pk])).status_code == 404


def test_a_log_in_after_a_new_e_mail_address_is_shown_to_the_young_person(world, browser):
    parent = verified(world.users["parent"])
    client = browser()
    log_in(client, parent.email)
    asked = client.post(reverse("account_email"), {"email": "nieuw-adres@example.org", "action_add": ""})
    if asked.status_code == 302 and asked["Location"].startswith(reverse("account_reauthenticate")):
        client.post(asked["Location"], {"password": PASSWORD})
    message = next(m for m in mail.outbox if m.to == ["nieuw-adres@example.org"])
    key = re.search(r"/account/confirm-email/([^/]+)/", message.body).group(1)
    client.post(reverse("account_confirm_email", args=[key]))
    assert EmailAddress.objects.filter(user=parent, email="nieuw-adres@example.org", verified=True).exists()
    assert not AccessLogEntry.objects.filter(item_type=NEW_EMAIL).exists()

    client.post(reverse("account_logout"))
    log_in(browser(), "nieuw-adres@example.org")
    [row] = AccessLogEntry.objects.filter(item_type=NEW_EMAIL)
    assert row.participant_id == world.seats["parent"].pk and row.actor_id == parent.pk
    young = browser()
    young.force_login(world.users["young"])
    html = young.get(reverse("trajectories:access_log", args=[world.space.pk])).content.decode()
    assert "Logged in after a new e-mail address was confirmed" in html


def test_accepting_through_the_invitation_link_is_recorded_as_such(world, browser):
    """The row of an accepted invitation says the session came through the invitation link (and how it had logged
    in); accepting from "My spaces" without the link does not say so."""
    from trajectories.models import Role

    outsider = verified(world.users["outsider"])
    young = browser()
    young.force_login(world.users["young"])
    invited = young.post(
        reverse("trajectories:invite", args=[world.space.pk]),
        {"email": outsider.email, "role": Role.NETWORK, "name": "Buurvrouw"},
    )
    assert invited.status_code == 302
    token = re.search(r"/werkruimte/uitnodiging/([^/\s]+)/", mail.outbox[-1].body).group(1)
    with_link = browser()
    log_in(with_link, outsider.email)
    with_link.get(reverse("trajectories:invitation_open", args=[token]))
    participant = world.space.participants.get(email=outsider.email)
    response = with_link.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "accept"})
    assert response.status_code == 302
    row = AccessLogEntry.objects.filter(item_type="participant", item_id=participant.pk).latest("pk")
    assert row.authentication == "password+invitation" and row.actor_id == outsider.pk
