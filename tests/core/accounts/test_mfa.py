"""Two-step verification (allauth.mfa: TOTP + recovery codes): for everyone, required for staff.

Requirements: SEC-11 (MFA mandatory for moderators and admins, re-authentication before changing MFA) and
SEC-10 (log-in rate limits also apply to the admin: its own log-in pages hand over to allauth).
"""

import re
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.urls import reverse

PASSWORD = "een-lang-wachtwoord-42"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """allauth keeps rate-limit counters and used TOTP codes in the cache; every test starts clean."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def client(client):
    """A visitor whose browser asks for English: the assertions below read the English interface."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def totp_code(secret, offset=0):
    """The code an authenticator app shows now (or `offset` periods from now), from allauth's own TOTP helpers."""
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30 + offset))


def login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def is_logged_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def staff(user_factory, home):
    """A staff member (Django's is_staff) who may open the Wagtail admin."""
    user = verified(user_factory("redacteur@example.org", "Redacteur", is_staff=True))
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return user


@pytest.fixture
def editor(user_factory, home):
    """Not staff in Django's sense, but may open the Wagtail admin through a group permission."""
    user = verified(user_factory("editor@example.org", "Editor"))
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return user


@pytest.fixture
def member_verified(member):
    return verified(member)


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


# --- Staff must set up MFA before the admin opens --------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "superadmin", "editor"])
def test_staff_without_mfa_are_sent_from_the_admin_to_mfa_setup(client, request, who):
    """SEC-11: MFA is mandatory for everyone who may open the administration."""
    user = request.getfixturevalue(who)
    client.force_login(user)

    for url in ("/admin/", "/admin/pages/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp"), url


def test_staff_with_an_authenticator_app_get_into_the_admin(client, staff, superadmin):
    for user in (staff, superadmin):
        with_totp(user)
        client.force_login(user)
        assert client.get("/admin/").status_code == 200
        assert client.get("/django-admin/").status_code == 404  # not mounted (issue 9)


def test_recovery_codes_alone_do_not_count_as_an_authenticator_app(client, staff):
    Authenticator.objects.create(user=staff, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "00"})
    client.force_login(staff)
    assert client.get("/admin/")["Location"] == reverse("mfa_activate_totp")


def test_plain_members_are_not_sent_to_mfa_setup_and_may_still_use_the_site(client, member_verified):
    client.force_login(member_verified)

    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"] != reverse("mfa_activate_totp")
    assert client.get(reverse("profile")).status_code == 200
    assert client.get("/").status_code in (200, 404)


@pytest.mark.parametrize("path", ["/admin/", "/admin/moderatie/berichten/", "/admin/pages/"])
def test_a_member_without_an_admin_role_is_told_so_instead_of_bouncing_between_log_in_pages(
    client, member_verified, path
):
    """Logged in but without a role: the admin sends them to its log-in page, which used to send them to
    allauth's, which sent them back to the admin (a redirect loop). Now a clear 403 page ends the chain."""
    client.force_login(member_verified)
    response = client.get(path, follow=True)

    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    assert "No access to the administration" in response.content.decode()
    assert reverse("role_request") in response.content.decode()


def test_an_anonymous_visitor_of_the_admin_still_reaches_the_log_in_page(client):
    response = client.get("/admin/moderatie/berichten/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))


def test_with_the_setting_off_staff_get_in_without_mfa(client, superadmin, settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    client.force_login(superadmin)
    assert client.get("/admin/").status_code == 200


def test_the_admin_login_pages_hand_over_to_the_allauth_login(client, superadmin):
    """SEC-10/SEC-11: the admin's own log-in would skip the second step and the log-in rate limits."""
    for url in ("/admin/login/",):
        page = client.get(url, {"next": "/admin/pages/"})
        assert page.status_code == 302
        assert page["Location"].startswith(reverse("account_login"))
        posted = client.post(url, {"username": superadmin.email, "password": PASSWORD})
        assert posted.status_code == 302 and posted["Location"].startswith(reverse("account_login"))
        assert not is_logged_in(client)


# --- Setting up an authenticator app ---------------------------------------------------------------------------


def test_staff_set_up_totp_after_confirming_their_password_and_then_get_in(client, staff):
    """SEC-11: the set-up page asks for the password again; a wrong code is refused next to the field."""
    assert login(client, staff.email).status_code == 302
    to_setup = client.get("/admin/")
    assert to_setup["Location"] == reverse("mfa_activate_totp")

    reauth = client.get(to_setup["Location"])
    assert reauth.status_code == 302 and reauth["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reauth["Location"], {"password": PASSWORD})

    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    html = page.content.decode()
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="[^"]+"', html)
    inline_script = re.search(r'<script(?![^>]*\b(?:src=|type="application/json"))', html)  # JSON data may stay
    assert not inline_script and " style=" not in html
    assert "script-src 'self'" in page["Content-Security-Policy"]
    assert '<label for="id_code">' in html
    secret = re.search(r'<code id="authenticator_secret">([A-Z2-7]+)</code>', html).group(1)

    wrong = client.post(reverse("mfa_activate_totp"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200
    assert 'id="id_code_error"' in wrong.content.decode()
    assert not Authenticator.objects.filter(user=staff).exists()

    done = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert done.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.RECOVERY_CODES).exists()
    codes = client.get(done["Location"])
    assert codes.status_code == 200 and b"recovery_codes" in codes.content
    assert client.get("/admin/").status_code == 200


def test_members_may_set_up_mfa_too(client, member_verified):
    """MFA is available to everyone, not only staff."""
    client.force_login(member_verified)
    index = client.get(reverse("mfa_index"))
    assert index.status_code == 200
    assert reverse("mfa_activate_totp").encode() in index.content


# --- Logging in with a second step ----------------------------------------------------------------------------


def test_login_with_totp_asks_for_the_code_before_the_session_starts(client, member_verified):
    """SEC-11: with an authenticator app the password alone does not log in."""
    secret = with_totp(member_verified)

    first_step = login(client, member_verified.email)

    assert first_step.status_code == 302
    assert first_step["Location"] == reverse("mfa_authenticate")
    assert not is_logged_in(client)
    page = client.get(reverse("mfa_authenticate"))
    assert page.status_code == 200 and '<label for="id_code">' in page.content.decode()

    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456" if totp_code(secret) != "123456" else "654321"})
    assert wrong.status_code == 200 and 'id="id_code_error"' in wrong.content.decode()
    assert not is_logged_in(client)

    right = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert right.status_code == 302 and right["Location"] == "/"
    assert is_logged_in(client)


def test_a_totp_code_cannot_be_used_twice(client, member_verified):
    secret = with_totp(member_verified)
    code = totp_code(secret)
    login(client, member_verified.email)
    client.post(reverse("mfa_authenticate"), {"code": code})
    client.post(reverse("account_logout"))

    login(client, member_verified.email)
    replay = client.post(reverse("mfa_authenticate"), {"code": code})

    assert replay.status_code == 200
    assert not is_logged_in(client)


def test_staff_with_totp_log_in_with_the_code_and_reach_the_admin(client, staff):
    secret = with_totp(staff)
    response = client.post(reverse("account_login") + "?next=/admin/", {"login": staff.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    not_yet = client.get("/admin/", follow=True)
    assert not_yet.redirect_chain[-1][0] == reverse("mfa_authenticate")  # the admin waits for the second step
    assert not is_logged_in(client)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})

    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once_instead_of_the_app(client, member_verified):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    with_totp(member_verified)
    codes = RecoveryCodes.activate(member_verified).generate_codes()
    login(client, member_verified.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert is_logged_in(client)
    client.post(reverse("account_logout"))

    login(client, member_verified.email)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert not is_logged_in(client)
