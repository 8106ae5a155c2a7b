"""The contact form of a theme (seed 000): stored, e-mailed to the theme's moderators, rate-limited."""

import html
import re

import pytest
from django.core import mail

from core.models import OutboundMessage, Role
from core.roles.services import assign_role
from themes.models import ContactMessage

pytestmark = pytest.mark.django_db

VALID = {"name": "Jan Peeters", "email": "jan@example.org", "message": "Wanneer is de volgende bijeenkomst?"}


def _post(client, page, **changes):
    return client.post(page.url + "contact/", {**VALID, **changes})


def test_a_message_is_stored_and_the_confirmation_takes_the_forms_place(
    client, theme, django_capture_on_commit_callbacks
):
    """Issue 14 §3: after sending, the confirmation is where the person looks (the browser goes to it and it takes
    the focus), and no empty form suggests that nothing happened."""
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, theme)

    assert response.status_code == 302
    assert response["Location"] == theme.url + "?contact=verstuurd#contact-sent"
    contact = ContactMessage.objects.get()
    assert (contact.page_id, contact.name, contact.email) == (theme.pk, "Jan Peeters", "jan@example.org")
    assert contact.message == VALID["message"]
    assert contact.sender is None
    html = client.get(response["Location"]).content.decode()
    sent = re.search(r'<div id="contact-sent"[^>]*>(.*?)</div>', html, re.S)
    assert sent and "Thank you. Your message has been sent" in sent.group(1)
    assert 'tabindex="-1" autofocus' in sent.group(0) and 'role="status"' in sent.group(0)
    assert 'id="contact" method="post"' not in html  # the form is not shown empty
    assert "Send another message" in sent.group(1)


def test_the_form_shows_again_without_the_confirmation(client, theme):
    html = client.get(theme.url).content.decode()
    assert 'id="contact" method="post"' in html and 'id="contact-sent"' not in html


def test_the_mail_to_the_moderators_answers_the_sender(client, theme, moderator_of, django_capture_on_commit_callbacks):
    """Reply-To carries the sender's address, so "answer" in the moderator's mail programme reaches them."""
    moderator_of(theme, "an@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, theme)
    row = OutboundMessage.objects.get(email="an@example.org")
    assert row.headers == {"Reply-To": "jan@example.org"}
    from core.outbox.services import _email

    assert _email(row, None).message()["Reply-To"] == "jan@example.org"


def test_each_moderator_of_the_theme_gets_one_message_of_their_own(
    client, theme, closed_theme, moderator_of, django_capture_on_commit_callbacks
):
    moderator_of(theme, "an@example.org")
    moderator_of(theme, "bo@example.org")
    moderator_of(closed_theme, "elders@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        _post(client, theme)

    assert sorted(message.to[0] for message in mail.outbox) == ["an@example.org", "bo@example.org"]
    assert all(len(message.to) == 1 and not message.cc and not message.bcc for message in mail.outbox)
    assert all(VALID["message"] in message.body and "Mobiliteit" in message.subject for message in mail.outbox)


def test_a_subthemes_message_reaches_the_moderators_of_its_theme(
    client, theme, subtheme, moderator_of, django_capture_on_commit_callbacks
):
    moderator_of(theme, "an@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, subtheme)

    assert response.status_code == 302
    assert ContactMessage.objects.get().page_id == subtheme.pk
    assert [message.to for message in mail.outbox] == [["an@example.org"]]


def test_without_moderators_the_organisation_contact_address_receives_it(
    client, theme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, theme)

    assert [message.to for message in mail.outbox] == [["info@testdorp.be"]]


def test_an_editor_is_not_a_moderator_and_gets_no_mail(
    client, organisation, theme, moderator_of, user_factory, django_capture_on_commit_callbacks
):
    moderator_of(theme, "an@example.org")
    editor = user_factory("redactie@example.org")
    assign_role(user=editor, role=Role.EDITOR, page=organisation)

    with django_capture_on_commit_callbacks(execute=True):
        _post(client, theme)

    assert [message.to for message in mail.outbox] == [["an@example.org"]]


def test_a_signed_in_sender_is_remembered_and_finds_the_form_filled_in(client, theme, member):
    client.force_login(member)

    page = client.get(theme.url).content.decode()
    _post(client, theme)

    assert 'value="lid@example.org"' in page
    assert ContactMessage.objects.get().sender == member


# --- Bad input: a message next to the field, and what was typed stays -------------------------------


def _field_error(page_html, field):
    """The text of the error block tied to `field` (aria-describedby points at it)."""
    marker = f'id="id_{field}_error"'
    assert marker in page_html, f"no error next to {field}"
    start = page_html.index(marker)
    return html.unescape(page_html[start : page_html.index("</div>", start)])


@pytest.mark.parametrize("message", ["", "   \n  "])
def test_an_empty_message_is_refused_next_to_the_field_keeping_what_was_typed(client, theme, message):
    response = _post(client, theme, message=message)

    page = response.content.decode()
    assert response.status_code == 400
    assert "Write a message." in _field_error(page, "message")
    assert 'aria-describedby="id_message_error"' in page
    assert 'value="Jan Peeters"' in page
    assert 'value="jan@example.org"' in page
    assert not ContactMessage.objects.exists()
    assert not mail.outbox


def test_a_message_over_5000_characters_is_refused_keeping_what_was_typed(client, theme, settings):
    too_long = "x" * (settings.CONTACT_MESSAGE_MAX_LENGTH + 1)

    response = _post(client, theme, message=too_long)

    page = response.content.decode()
    assert response.status_code == 400
    error = _field_error(page, "message")
    assert "at most 5000 characters" in error and "you wrote 5001" in error
    assert too_long in page
    assert 'value="Jan Peeters"' in page and 'value="jan@example.org"' in page
    assert not ContactMessage.objects.exists()


def test_a_message_of_exactly_5000_characters_is_accepted(client, theme, settings):
    response = _post(client, theme, message="x" * settings.CONTACT_MESSAGE_MAX_LENGTH)

    assert response.status_code == 302
    assert ContactMessage.objects.count() == 1


def test_a_malformed_email_is_refused_next_to_its_field(client, theme):
    response = _post(client, theme, email="jan-at-example")

    page = response.content.decode()
    assert response.status_code == 400
    assert _field_error(page, "email")
    assert 'value="jan-at-example"' in page
    assert VALID["message"] in page
    assert not ContactMessage.objects.exists()


# --- Rate limit (SEC-13) ------------------------------------------------------------------------------


def test_after_the_limit_the_form_answers_429_and_stores_nothing(client, theme, settings):
    """SEC-13: exceeding the limit returns 429 without side effects."""
    settings.CONTACT_RATE_LIMIT = (3, 600)

    statuses = [_post(client, theme, message=f"Bericht {i}").status_code for i in range(3)]
    refused = _post(client, theme, message="Een bericht te veel")

    assert statuses == [302, 302, 302]
    assert refused.status_code == 429
    assert "too many messages" in refused.content.decode()
    assert 'value="Jan Peeters"' in refused.content.decode()  # what was typed is kept
    assert ContactMessage.objects.count() == 3
    assert not ContactMessage.objects.filter(message="Een bericht te veel").exists()


def test_the_limit_counts_per_visitor_address(client, theme, settings):
    settings.CONTACT_RATE_LIMIT = (1, 600)

    first = _post(client, theme)
    other_visitor = client.post(theme.url + "contact/", VALID, REMOTE_ADDR="10.0.0.9")
    again = _post(client, theme)

    assert (first.status_code, other_visitor.status_code, again.status_code) == (302, 302, 429)
    assert ContactMessage.objects.count() == 2


def test_opening_the_contact_address_leads_back_to_the_form(client, theme):
    response = client.get(theme.url + "contact/")

    assert response.status_code == 302
    assert response["Location"] == theme.url + "#contact"
    assert not ContactMessage.objects.exists()
