"""An e-mail address opens an account only once it is confirmed from that address (issue 9, hole 1; SEC-10, SEC-11).

A new address waits for confirmation before it can be used to log in or to reset the password, and the old address
is told when the change happens. A reset request for an unconfirmed address gets what an unknown address gets:
the same page, and no link in the mailbox.
"""

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import reverse

from core.models import User
from tests.core.accounts.test_accounts import PASSWORD, login, path_of, verified, without_csrf

RESET_LINK = "/account/password/reset/key/"


@pytest.fixture
def client(client, monkeypatch, django_capture_on_commit_callbacks):
    """English interface; each request runs its on-commit callbacks (the outbox worker), as a real request does."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    original = type(client).request

    def request(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "request", request)
    return client


@pytest.fixture
def mailoutbox(db, mailoutbox):
    from django.core import mail

    return mail.outbox


@pytest.fixture
def member(user_factory):
    return verified(user_factory("lid@example.org", "Lid"))


def reset(client, email):
    return client.post(reverse("account_reset_password"), {"email": email}, follow=True)


def start_change(client, member, new_address):
    login(client, member.email)
    asked = client.post(reverse("account_email"), {"email": new_address, "action_add": ""})
    if asked.status_code == 302 and asked["Location"].startswith(reverse("account_reauthenticate")):
        client.post(asked["Location"], {"password": PASSWORD})


def test_a_waiting_new_address_receives_no_reset_link_and_the_answer_looks_the_same(client, mailoutbox, member):
    start_change(client, member, "typfout@example.org")
    assert EmailAddress.objects.filter(email="typfout@example.org", verified=False).exists()
    mailoutbox.clear()
    visitor = Client(headers={"accept-language": "en"})

    waiting = reset(visitor, "typfout@example.org")
    unknown = reset(visitor, "niemand@example.org")

    assert waiting.status_code == unknown.status_code == 200
    assert waiting.redirect_chain == unknown.redirect_chain
    assert without_csrf(waiting.content.decode()) == without_csrf(unknown.content.decode())
    to_waiting = [m for m in mailoutbox if m.to == ["typfout@example.org"]]
    assert to_waiting and all(RESET_LINK not in m.body for m in to_waiting)
    assert all(RESET_LINK not in m.body for m in mailoutbox)


def test_the_confirmed_address_still_gets_its_reset_link(client, mailoutbox, member):
    reset(client, member.email)
    (mail,) = mailoutbox
    assert mail.to == [member.email] and RESET_LINK in mail.body


def test_an_unconfirmed_second_address_gets_no_reset_link_even_without_a_change_in_progress(client, mailoutbox, member):
    EmailAddress.objects.create(user=member, email="tweede@example.org", verified=False, primary=False)

    reset(client, "tweede@example.org")

    assert mailoutbox and all(RESET_LINK not in m.body for m in mailoutbox)
    assert all(m.to == ["tweede@example.org"] for m in mailoutbox)


def test_an_account_made_by_an_administrator_sets_its_password_through_a_reset(client, mailoutbox, user_factory):
    """Accounts made in the admin have no allauth address yet: the reset goes to the address they were made with."""
    person = user_factory("nieuw@example.org", "Nieuw")
    person.set_unusable_password()
    person.save()

    reset(client, person.email)

    (mail,) = mailoutbox
    assert mail.to == [person.email] and RESET_LINK in mail.body


def test_a_waiting_address_does_not_log_in(client, mailoutbox, member):
    start_change(client, member, "nieuw-adres@example.org")
    client.post(reverse("account_logout"))

    login(client, "nieuw-adres@example.org")

    assert "_auth_user_id" not in client.session


def test_the_old_address_is_told_when_the_new_one_is_confirmed(client, mailoutbox, member):
    start_change(client, member, "nieuw-adres@example.org")
    confirmation = next(m for m in mailoutbox if m.to == ["nieuw-adres@example.org"])
    key = re.search(r"/account/confirm-email/([^/]+)/", confirmation.body).group(1)
    assert not [m for m in mailoutbox if m.to == ["lid@example.org"]]  # nothing changed yet

    client.post(reverse("account_confirm_email", args=[key]))

    notice = [m for m in mailoutbox if m.to == ["lid@example.org"]]
    assert notice and "nieuw-adres@example.org" in notice[-1].body
    assert User.objects.get(pk=member.pk).email == "nieuw-adres@example.org"
    mailoutbox.clear()
    reset(client, "lid@example.org")
    assert all(RESET_LINK not in m.body for m in mailoutbox)  # the old address opens nothing any more
    reset(client, "nieuw-adres@example.org")
    assert any(RESET_LINK in m.body and m.to == ["nieuw-adres@example.org"] for m in mailoutbox)


def test_a_reset_link_to_a_confirmed_address_still_sets_the_password(client, mailoutbox, member):
    reset(client, member.email)
    link = re.search(r"https?://\S+/account/password/reset/key/\S+/", mailoutbox[0].body).group(0)
    page = client.get(path_of(link), follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else path_of(link)
    client.post(target, {"password1": "nieuw-wachtwoord-2025", "password2": "nieuw-wachtwoord-2025"})
    assert User.objects.get(pk=member.pk).check_password("nieuw-wachtwoord-2025")
