"""Accounts with django-allauth: registration, e-mail verification, log-in, log-out, password reset, e-mail change.

Requirements: SEC-10 (authentication: Argon2id, password rules, failed-login limits, single-use reset links that
live at most a day, no account enumeration) and SEC-11 (re-authentication before changing the e-mail address).
"""

import re
from unittest import mock
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import Argon2PasswordHasher, make_password
from django.core import signing
from django.core.cache import cache
from django.urls import reverse

from core.models import User

PASSWORD = "een-lang-wachtwoord-42"
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps its rate-limit counters in the cache; every test starts with none used."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(client, monkeypatch, django_capture_on_commit_callbacks):
    """A visitor whose browser asks for English: the assertions below read the English interface.

    Mail goes through the outbox and leaves after commit (REL-03); in production each request commits when it
    ends, so here each request runs its on-commit callbacks (the outbox worker) when it returns."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    original = type(client).request

    def request(self, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, *args, **kwargs)

    monkeypatch.setattr(type(client), "request", request)
    return client


@pytest.fixture
def mailoutbox(db, mailoutbox):
    """pytest-django's outbox, taken after the database fixture (whose set-up replaces ``mail.outbox``)."""
    from django.core import mail

    return mail.outbox


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signup_data(**overrides):
    data = {
        "email": "nieuw@example.org",
        "display_name": "Fietser Fien",
        "full_name": "Fien Vermeulen",
        "password1": PASSWORD,
        "password2": PASSWORD,
    }
    data.update(overrides)
    return data


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def without_csrf(html):
    return CSRF_RE.sub("", html)


def path_of(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_logged_in(client):
    return "_auth_user_id" in client.session


# --- Registration → verification over SMTP → log-in -------------------------------------------------------------


def test_registration_sends_a_real_verification_mail_and_confirming_it_allows_login(client, smtp_sink, theme):
    """SEC-10: mandatory verification; the link arrives over SMTP, confirming is a POST, then log-in works."""
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    assert "Fietspaden" not in page.content.decode()  # only themes, no subthemes, are offered

    response = client.post(reverse("account_signup"), signup_data(themes=[theme.pk]))

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_logged_in(client)
    (message,) = smtp_sink.wait_for(1)
    assert message["To"] == "nieuw@example.org"
    assert "Werkgroepen" in message["Subject"]
    confirm_url = smtp_sink.first_url(message, contains="/account/confirm-email/")

    confirm_page = client.get(path_of(confirm_url))
    assert confirm_page.status_code == 200
    assert not EmailAddress.objects.get(email="nieuw@example.org").verified  # a GET alone confirms nothing
    assert b'<button type="submit">' in confirm_page.content

    confirmed = client.post(path_of(confirm_url))
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(email="nieuw@example.org").verified

    logged_in = login(client, "nieuw@example.org")
    assert logged_in.status_code == 302
    assert logged_in["Location"] == "/"
    assert is_logged_in(client)
    profile = client.get(reverse("profile"))
    assert profile.status_code == 200
    assert "Fietser Fien" in profile.content.decode()


def test_login_before_verifying_is_refused_and_sends_to_the_check_your_mail_page(client, mailoutbox, home):
    """SEC-10: an unverified address cannot log in; the attempt points to the verification page."""
    client.post(reverse("account_signup"), signup_data())
    assert len(mailoutbox) == 1

    response = login(client, "nieuw@example.org")

    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not is_logged_in(client)
    assert client.get(reverse("profile"))["Location"].startswith(reverse("account_login"))


def test_logging_in_unverified_later_sends_a_fresh_link(client, mailoutbox, home):
    """The way to a new verification link: log in again once the resend limit has passed."""
    client.post(reverse("account_signup"), signup_data())
    cache.clear()  # the "1 verification mail per 3 minutes" limit has passed

    login(client, "nieuw@example.org")

    assert len(mailoutbox) == 2
    assert mailoutbox[1].to == ["nieuw@example.org"]
    assert "/account/confirm-email/" in mailoutbox[1].body


def test_the_verification_page_reads_the_same_after_registering_and_after_a_refused_login(client, home):
    first = client.post(reverse("account_signup"), signup_data(), follow=True)
    second = login(client, "nieuw@example.org")
    second = client.get(second["Location"])
    assert first.status_code == second.status_code == 200
    assert b"Check your e-mail" in first.content


def test_chosen_themes_are_kept_for_joining_once_the_address_is_confirmed(
    client, mailoutbox, theme, closed_theme, other_organisation
):
    """Seed 000: "eerst aangeven voor welk thema je inschrijft" — the choice is kept on the account (the person
    joins those themes once the address is confirmed: participation's after_account_verified); the profile no longer
    shows them as check boxes that change nothing (issue 14 §1)."""
    client.post(reverse("account_signup"), signup_data(themes=[theme.pk, closed_theme.pk]))

    user = User.objects.get(email="nieuw@example.org")
    assert set(user.interested_themes.values_list("pk", flat=True)) == {theme.pk, closed_theme.pk}
    assert (user.display_name, user.first_name, user.last_name) == ("Fietser Fien", "Fien", "Vermeulen")
    EmailAddress.objects.filter(user=user).update(verified=True)
    login(client, "nieuw@example.org")
    html = client.get(reverse("profile")).content.decode()
    assert 'name="interested_themes"' not in html


def test_a_hidden_or_unpublished_theme_cannot_be_chosen(client, theme, organisation):
    from themes.factories import theme_page

    hidden = theme_page(title="Verborgen thema", organisation=organisation, hidden=True)
    draft = theme_page(title="Ontwerpthema", organisation=organisation, live=False)
    page = client.get(reverse("account_signup")).content.decode()
    assert "Mobiliteit" in page
    assert "Verborgen thema" not in page and "Ontwerpthema" not in page

    for forbidden in (hidden, draft):
        response = client.post(reverse("account_signup"), signup_data(themes=[forbidden.pk]))
        assert response.status_code == 200
        assert "id_themes_error" in response.content.decode()
    assert not User.objects.filter(email="nieuw@example.org").exists()


# --- Bad input: a message next to the field, what was typed is kept ---------------------------------------------


def field_error(html, name):
    """The text of the error block tied to field `name`, checking the input points to it (aria-describedby)."""
    match = re.search(rf'<div class="errorlist" id="id_{name}_error">(.*?)</div>', html, re.S)
    assert match, f"no error next to {name}"
    widget = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    if widget:
        assert f"id_{name}_error" in widget.group(0) and 'aria-invalid="true"' in widget.group(0)
    return re.sub(r"<[^>]+>", " ", match.group(1))


def assert_kept(html, **values):
    for name, value in values.items():
        assert re.search(rf'<input[^>]*name="{name}"[^>]*value="{re.escape(value)}"', html) or re.search(
            rf'<input[^>]*value="{re.escape(value)}"[^>]*name="{name}"', html
        ), f"{name} lost what was typed"


@pytest.mark.parametrize(
    "password, message",
    [
        ("kort-ww", "too short"),
        ("123456789012", "entirely numeric"),
        ("password1234", "too common"),
    ],
)
def test_a_weak_password_is_refused_next_to_the_field_and_the_rest_is_kept(client, home, password, message):
    """SEC-10: minimum length 12, common and numeric passwords refused."""
    response = client.post(reverse("account_signup"), signup_data(password1=password, password2=password))

    assert response.status_code == 200
    html = response.content.decode()
    assert message in field_error(html, "password1")
    assert_kept(html, email="nieuw@example.org", display_name="Fietser Fien", full_name="Fien Vermeulen")
    assert not User.objects.exists()


def test_a_twelve_character_password_is_long_enough(client, home):
    """The nearest allowed case to "too short"."""
    response = client.post(reverse("account_signup"), signup_data(password1="fiets-pad-12", password2="fiets-pad-12"))
    assert response.status_code == 302
    assert User.objects.filter(email="nieuw@example.org").exists()


def test_mismatched_passwords_are_refused_next_to_the_second_field(client, home):
    response = client.post(reverse("account_signup"), signup_data(password2=PASSWORD + "x"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "same password" in field_error(html, "password2")
    assert_kept(html, email="nieuw@example.org", display_name="Fietser Fien")
    assert not User.objects.exists()


def test_a_taken_display_name_is_refused_whatever_its_case(client, user_factory, home):
    user_factory("fien@example.org", "Fietser Fien")

    response = client.post(reverse("account_signup"), signup_data(display_name="fietser FIEN"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "already taken" in field_error(html, "display_name")
    assert_kept(html, email="nieuw@example.org", display_name="fietser FIEN")
    assert not User.objects.filter(email="nieuw@example.org").exists()

    allowed = client.post(reverse("account_signup"), signup_data(display_name="Fietser Fien 2"))
    assert allowed.status_code == 302


def test_a_display_name_may_not_be_an_email_address_or_too_short(client, home):
    for name in ("x", "fien@example.org"):
        html = client.post(reverse("account_signup"), signup_data(display_name=name)).content.decode()
        assert field_error(html, "display_name")
    assert not User.objects.exists()


def test_a_duplicate_email_gets_the_same_answer_and_warns_the_owner_instead(client, mailoutbox, user_factory, home):
    """SEC-10, no account enumeration: the visitor sees "check your mail"; the owner gets a notice, no link."""
    owner = verified(user_factory("lid@example.org", "Lid"))
    fresh = client.post(reverse("account_signup"), signup_data(email="ander@example.org", display_name="Ander"))
    mailoutbox.clear()

    duplicate = client.post(reverse("account_signup"), signup_data(email="LID@example.org", display_name="Iemand"))

    assert duplicate.status_code == fresh.status_code == 302
    assert duplicate["Location"] == fresh["Location"]
    assert User.objects.filter(email__iexact="lid@example.org").count() == 1
    assert not User.objects.filter(display_name="Iemand").exists()
    assert owner.check_password(PASSWORD)
    (notice,) = mailoutbox
    assert notice.to == ["lid@example.org"]
    assert "/account/confirm-email/" not in notice.body
    assert reverse("account_reset_password") in notice.body


# --- Verification links -----------------------------------------------------------------------------------------


def test_a_wrong_verification_link_shows_a_clear_page_with_a_way_to_a_new_link(client, mailoutbox, home):
    client.post(reverse("account_signup"), signup_data())
    key = re.search(r"/account/confirm-email/([^/]+)/", mailoutbox[0].body).group(1)

    for bad in (key[:-3] + "xyz", "onzin"):
        response = client.get(reverse("account_confirm_email", args=[bad]))
        assert response.status_code == 200
        html = response.content.decode()
        assert "This link is not valid" in html
        assert 'role="alert"' in html
        assert f'href="{reverse("account_login")}"' in html
        assert '<form method="post" action="/account/confirm-email/' not in html
        assert client.post(reverse("account_confirm_email", args=[bad])).status_code == 404
    assert not EmailAddress.objects.get(email="nieuw@example.org").verified


def test_a_verification_link_expires_after_a_day(client, mailoutbox, home):
    """SEC-10: links live at most 24 hours."""
    client.post(reverse("account_signup"), signup_data())
    url = reverse("account_confirm_email", args=[re.search(r"/confirm-email/([^/]+)/", mailoutbox[0].body).group(1)])
    real_time = signing.time.time

    with mock.patch.object(signing, "time", mock.Mock(time=lambda: real_time() + 25 * 3600)):
        expired = client.get(url)
    assert "This link is not valid" in expired.content.decode()

    with mock.patch.object(signing, "time", mock.Mock(time=lambda: real_time() + 23 * 3600)):
        still_valid = client.get(url)
    assert "Confirm your e-mail address" in still_valid.content.decode()


# --- Log-in, log-out, rate limits -------------------------------------------------------------------------------


def test_login_errors_read_the_same_for_unknown_addresses_and_wrong_passwords(client, user_factory):
    """SEC-10: no account enumeration through the log-in form."""
    verified(user_factory("lid@example.org", "Lid"))
    wrong_password = login(client, "lid@example.org", "verkeerd-wachtwoord")
    unknown = login(client, "niemand@example.org", "verkeerd-wachtwoord")
    assert wrong_password.status_code == unknown.status_code == 200
    assert without_csrf(wrong_password.content.decode()).replace("lid@example.org", "X") == without_csrf(
        unknown.content.decode()
    ).replace("niemand@example.org", "X")
    assert 'role="alert"' in unknown.content.decode()


def test_repeated_failed_logins_lock_the_address_even_for_the_right_password(client, user_factory):
    """SEC-10: after 5 failures for one address, log-in is refused for a while; other addresses still work."""
    verified(user_factory("lid@example.org", "Lid"))
    verified(user_factory("ander@example.org", "Ander"))
    for _attempt in range(5):
        assert login(client, "lid@example.org", "verkeerd-wachtwoord").status_code == 200

    blocked = login(client, "lid@example.org")

    assert blocked.status_code == 200
    assert "Too many failed login attempts" in blocked.content.decode()
    assert not is_logged_in(client)
    other = login(client, "ander@example.org")
    assert other.status_code == 302 and is_logged_in(client)


def test_registration_is_rate_limited_per_address(client, home, settings):
    """SEC-13: registration is rate-limited; the limit answers 429 and creates nothing."""
    allowed = int(settings.ACCOUNT_RATE_LIMITS["signup"].split(",")[0].split("/")[0])
    for number in range(allowed):
        response = client.post(reverse("account_signup"), signup_data(email=f"p{number}@example.org", password2="x"))
        assert response.status_code == 200

    limited = client.post(reverse("account_signup"), signup_data())

    assert limited.status_code == 429
    assert b"Too many attempts" in limited.content and b'class="skip-link"' in limited.content
    assert not User.objects.exists()


def test_logout_asks_on_get_and_happens_on_post(client, user_factory):
    verified(user_factory("lid@example.org", "Lid"))
    login(client, "lid@example.org")

    page = client.get(reverse("account_logout"))
    assert page.status_code == 200 and is_logged_in(client)
    assert b'<button type="submit"' in page.content

    client.post(reverse("account_logout"))
    assert not is_logged_in(client)


# --- Password reset ---------------------------------------------------------------------------------------------


def test_password_reset_looks_identical_for_known_and_unknown_addresses(client, mailoutbox, user_factory):
    """SEC-10: no account enumeration; the status and the page are the same apart from the CSRF token."""
    verified(user_factory("lid@example.org", "Lid"))

    known = client.post(reverse("account_reset_password"), {"email": "lid@example.org"}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "niemand@example.org"}, follow=True)

    assert known.redirect_chain == unknown.redirect_chain
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known.content.decode()) == without_csrf(unknown.content.decode())
    assert [m.to for m in mailoutbox] == [["lid@example.org"], ["niemand@example.org"]]
    assert "/account/password/reset/key/" in mailoutbox[0].body
    assert "/account/password/reset/key/" not in mailoutbox[1].body


def test_a_reset_link_sets_a_new_password_once(client, mailoutbox, user_factory):
    """SEC-10: reset links are single-use."""
    user = verified(user_factory("lid@example.org", "Lid"))
    client.post(reverse("account_reset_password"), {"email": "lid@example.org"})
    link = re.search(r"https?://\S+/account/password/reset/key/\S+/", mailoutbox[0].body).group(0)

    form_page = client.get(path_of(link), follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path_of(link)
    weak = client.post(action, {"password1": "kort", "password2": "kort"})
    assert "too short" in field_error(weak.content.decode(), "password1")
    done = client.post(action, {"password1": "nieuw-wachtwoord-2025", "password2": "nieuw-wachtwoord-2025"})
    assert done.status_code == 302

    user.refresh_from_db()
    assert user.check_password("nieuw-wachtwoord-2025")
    again = client.get(path_of(link), follow=True)
    assert b"Bad Token" in again.content or b"invalid" in again.content


# --- E-mail change ----------------------------------------------------------------------------------------------


def test_changing_the_email_address_takes_effect_after_confirming_the_new_one(client, mailoutbox, user_factory):
    """SEC-11: the change needs the password again and a confirmed new address; until then the old one stays."""
    user = verified(user_factory("lid@example.org", "Lid"))
    login(client, "lid@example.org")
    page = client.get(reverse("account_email"))
    assert page.status_code == 200
    assert '<label for="id_email">' in page.content.decode()

    asked = client.post(reverse("account_email"), {"email": "nieuw-adres@example.org", "action_add": ""})
    assert asked["Location"].startswith(reverse("account_reauthenticate"))
    assert mailoutbox == []
    wrong = client.post(asked["Location"], {"password": "verkeerd-wachtwoord"})
    assert wrong.status_code == 200 and mailoutbox == []

    client.post(asked["Location"], {"password": PASSWORD})  # the change carries on once the password is confirmed

    user.refresh_from_db()
    assert user.email == "lid@example.org"
    message = next(m for m in mailoutbox if m.to == ["nieuw-adres@example.org"])
    key = re.search(r"/account/confirm-email/([^/]+)/", message.body).group(1)
    client.post(reverse("account_confirm_email", args=[key]))
    user.refresh_from_db()
    assert user.email == "nieuw-adres@example.org"
    assert not EmailAddress.objects.filter(email="lid@example.org").exists()


def test_changing_the_email_address_to_one_in_use_is_refused_next_to_the_field(client, user_factory):
    verified(user_factory("lid@example.org", "Lid"))
    verified(user_factory("ander@example.org", "Ander"))
    login(client, "lid@example.org")
    response = client.post(reverse("account_email"), {"email": "not-an-address", "action_add": ""})
    assert response.status_code == 200
    html = response.content.decode()
    assert field_error(html, "email")
    assert_kept(html, email="not-an-address")


def test_changing_the_email_address_asks_for_the_password_again_after_a_while(client, mailoutbox, user_factory):
    """SEC-11: re-authentication before changing the e-mail address."""
    user = verified(user_factory("lid@example.org", "Lid"))
    client.force_login(user)  # a session without a recent password check

    response = client.post(reverse("account_email"), {"email": "nieuw-adres@example.org", "action_add": ""})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not EmailAddress.objects.filter(email="nieuw-adres@example.org").exists()
    assert mailoutbox == []


# --- Hashing ----------------------------------------------------------------------------------------------------


def test_base_settings_hash_passwords_with_argon2id_and_require_twelve_characters():
    """SEC-10: Argon2id is the first hasher outside the (fast, MD5) test settings; minimum length 12."""
    from config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    validators = {v["NAME"].rsplit(".", 1)[1]: v.get("OPTIONS", {}) for v in base.AUTH_PASSWORD_VALIDATORS}
    assert validators["MinimumLengthValidator"]["min_length"] >= 12
    assert "CommonPasswordValidator" in validators
    encoded = make_password(PASSWORD, hasher=Argon2PasswordHasher())
    assert encoded.startswith("argon2$argon2id$")
    assert Argon2PasswordHasher().verify(PASSWORD, encoded)


# --- Pages: the site's layout, labelled fields, no inline script -------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["account_login", "account_signup", "account_reset_password", "account_email_verification_sent"]
)
def test_account_pages_use_the_site_layout_with_labelled_fields_and_no_inline_script(client, home, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html and 'id="main"' in html and "site-header" in html
    assert "<script>" not in html and not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    assert " style=" not in html
    for field_id in re.findall(r'<input[^>]*type="(?:text|email|password|checkbox)"[^>]*id="([^"]+)"', html):
        assert f'for="{field_id}"' in html, f"{url_name}: {field_id} has no label"
    for tag in re.findall(r"<button[^>]*>", html):
        assert 'type="' in tag
