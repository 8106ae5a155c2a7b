"""A newcomer registers in a real browser, confirms the e-mail address and opens the theme they came for.

Driven through Debian's Chromium against the live server; the verification mail really leaves the site over
SMTP (tests/fixtures/smtp.py). Selectors use field names and content, not interface strings, so the tests
hold in Dutch and in English.
"""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress

from core.models import User
from tests.fixtures.browser import assert_no_browser_problems

pytestmark = pytest.mark.browser

EMAIL = "nieuw.lid@example.org"
DISPLAY_NAME = "Fietser Fien"
PASSWORD = "fietsen-langs-de-schelde-42"


def path_of(page_obj):
    """A Wagtail page's path on the live server (its URL may be absolute when several sites exist)."""
    return urlsplit(page_obj.get_url()).path


def submit(page, form_selector):
    """Submit a form in <main> (the header has forms of its own) and wait for the page that answers."""
    with page.expect_navigation():
        page.locator(f"main {form_selector}").locator("button[type=submit]").click()


def is_logged_in(page):
    return page.locator("header form[action$='/account/logout/']").count() == 1


def log_in(page, *, email, password):
    page.goto("/account/login/")
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    submit(page, "form:has(input[name=password])")


def register(page, *, theme_label):
    page.goto("/account/signup/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=display_name]").fill(DISPLAY_NAME)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    # The theme is picked by its visible label: proves the checkbox is labelled with the theme's title.
    page.get_by_role("checkbox", name=theme_label).check()
    submit(page, "form:has(input[name=password1])")


def test_newcomer_registers_confirms_address_logs_in_and_opens_their_theme(page, theme, closed_theme, smtp_sink):
    """Registration → verification e-mail → confirmation → login → theme page (issue 2, SEC-10)."""
    register(page, theme_label=theme.title)

    # Registered but not verified: a "check your e-mail" page, and one mail to the new address only.
    assert urlsplit(page.url).path == "/account/confirm-email/"
    user = User.objects.get(email=EMAIL)
    assert user.display_name == DISPLAY_NAME
    assert [t.pk for t in user.interested_themes.all()] == [theme.pk]
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()
    message = smtp_sink.wait_for(1)[0]
    assert smtp_sink.envelopes[0].rcpt_tos == [EMAIL]
    link = smtp_sink.first_url(message, "/account/confirm-email/")
    assert urlsplit(link).netloc == urlsplit(page.url).netloc

    # Nearest forbidden case: logging in before confirming does not log in.
    log_in(page, email=EMAIL, password=PASSWORD)
    assert not is_logged_in(page)
    assert urlsplit(page.url).path == "/account/confirm-email/"

    # Nearest forbidden case: a tampered link confirms nothing and offers no confirm button.
    response = page.goto(link.rstrip("/")[:-4] + "abcd/")
    assert response.status in (200, 404)
    assert page.locator("h1").count() == 1
    assert page.locator("main form button[type=submit]").count() == 0
    assert not EmailAddress.objects.filter(user=user, verified=True).exists()

    # The real link: confirm, then log in.
    page.goto(link)
    submit(page, "form")
    assert EmailAddress.objects.get(user=user, email=EMAIL).verified
    log_in(page, email=EMAIL, password=PASSWORD)
    assert is_logged_in(page)
    assert page.locator("header").get_by_text(DISPLAY_NAME).is_visible()

    # The theme they came for opens with its title.
    response = page.goto(path_of(theme))
    assert response.status == 200
    assert page.locator("h1").inner_text().strip() == theme.title
    assert_no_browser_problems(page)


def test_registration_keeps_what_was_typed_when_the_passwords_differ(page, theme, smtp_sink):
    """Bad input gets a message tied to the field and keeps what was typed; nobody is registered, no mail."""
    page.goto("/account/signup/")
    page.locator("input[name=email]").fill(EMAIL)
    page.locator("input[name=display_name]").fill(DISPLAY_NAME)
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD + "x")
    page.get_by_role("checkbox", name=theme.title).check()
    submit(page, "form:has(input[name=password1])")

    assert urlsplit(page.url).path == "/account/signup/"
    assert page.locator("input[name=email]").input_value() == EMAIL
    assert page.locator("input[name=display_name]").input_value() == DISPLAY_NAME
    assert page.get_by_role("checkbox", name=theme.title).is_checked()
    # The error is announced with the field it belongs to.
    password2 = page.locator("input[name=password2]")
    described_by = (password2.get_attribute("aria-describedby") or "").split()
    assert any(page.locator(f"[id='{ref}']").inner_text().strip() for ref in described_by if ref.endswith("_error"))
    assert not User.objects.filter(email=EMAIL).exists()
    assert smtp_sink.messages == []
    assert_no_browser_problems(page)
