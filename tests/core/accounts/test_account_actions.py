"""What an administrator may and may not do to another person's account (issue 9, hole 1; SEC-10, SEC-11).

No administration screen changes another person's e-mail address, password or two-step set-up — not through the
form, not through a forged POST. A superadmin may deactivate and reactivate an account (ending its sessions), log
it out everywhere and send a reset link to the person's own confirmed address; each action is audited and the
person is told by e-mail (through the outbox, in Dutch).
"""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from core.accounts import services as account_admin
from core.accounts.policies import ACTIONS
from core.models import OutboundMessage, Role, User
from core.roles import services as roles

PASSWORD = "een-lang-wachtwoord-42"
ATTACKER = "beheerder-privé@example.org"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def person(user_factory):
    """A young person with a confirmed address and an authenticator app."""
    user = user_factory("jongere@example.org", "Jongere", first_name="Sara")
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def admin_client(client, superadmin):
    client.force_login(superadmin)
    return client


def logged_in_elsewhere(user):
    other = Client()
    other.force_login(user)
    return other


def still_logged_in(other):
    return other.get(reverse("profile")).status_code == 200


def snapshot(user):
    user = User.objects.get(pk=user.pk)
    return (
        user.email,
        user.password,
        user.is_active,
        sorted(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")),
        sorted(Authenticator.objects.filter(user=user).values_list("type", "data")),
    )


def mails_to(email):
    return list(OutboundMessage.objects.filter(email=email).order_by("id"))


def dutch(text):
    with translation.override("nl-be"):
        return gettext(text)


# --- The edit form ------------------------------------------------------------------------------------------------


def test_the_edit_screen_shows_the_address_but_offers_no_field_for_it_or_the_password(admin_client, person):
    html = admin_client.get(f"/admin/users/edit/{person.pk}/").content.decode()

    assert person.email in html  # as text, with a word on who may change it
    for name in ("email", "password1", "password2", "is_active", "password"):
        assert not re.search(rf'<(?:input|select|textarea)[^>]*name="{name}"', html), name
    assert 'name="display_name"' in html
    assert "Two-step verification is on" in html
    assert reverse("wagtailusers_users:account_action", args=[person.pk, "deactivate"]) in html


@pytest.mark.parametrize(
    "forged",
    [
        {"email": ATTACKER},
        {"email": ATTACKER, "password1": "overname-wachtwoord-1", "password2": "overname-wachtwoord-1"},
        {"is_active": ""},
        {"password": "overname-wachtwoord-1", "usable_password": "true"},
    ],
)
def test_a_forged_post_with_address_password_or_status_changes_none_of_them(admin_client, person, forged):
    before = snapshot(person)
    data = {"display_name": "Jongere", "first_name": "Sara", "last_name": "", **forged}

    response = admin_client.post(f"/admin/users/edit/{person.pk}/", data)

    assert response.status_code == 302
    assert snapshot(person) == before
    assert User.objects.get(pk=person.pk).check_password(PASSWORD)
    assert not User.objects.filter(email=ATTACKER).exists()
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()


def test_roles_are_shown_but_never_taken_from_the_user_forms(admin_client, person, organisation):
    """Administrator flag and groups only change through core.roles (the Roles screen, audited): a forged POST to
    the edit or create form that ticks them changes nothing."""
    roles.assign_role(user=person, role=Role.OBSERVER, page=organisation)
    groups_before = sorted(person.groups.values_list("pk", flat=True))
    from django.contrib.auth.models import Group

    other_group = Group.objects.create(name="Zelfgemaakte groep")

    edit = admin_client.post(
        f"/admin/users/edit/{person.pk}/",
        {"display_name": "Jongere", "first_name": "Sara", "is_superuser": "on", "groups": [other_group.pk]},
    )
    create = admin_client.post(
        "/admin/users/new/",
        {"email": "nieuw@example.org", "display_name": "Nieuw", "is_superuser": "on", "groups": [other_group.pk]},
    )

    assert edit.status_code == 302 and create.status_code == 302
    person.refresh_from_db()
    assert not person.is_superuser
    assert sorted(person.groups.values_list("pk", flat=True)) == groups_before
    created = User.objects.get(email="nieuw@example.org")
    assert not created.is_superuser and not created.groups.exists()
    html = admin_client.get(f"/admin/users/edit/{person.pk}/").content.decode()
    assert re.search(r'<input[^>]*name="is_superuser"[^>]*disabled', html)


def test_the_names_still_save(admin_client, person):
    response = admin_client.post(
        f"/admin/users/edit/{person.pk}/", {"display_name": "Nieuwe naam", "first_name": "Sara", "last_name": "P"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.display_name, person.last_name, person.email) == ("Nieuwe naam", "P", "jongere@example.org")


def test_a_new_account_never_gets_a_password_from_the_administrator(admin_client):
    response = admin_client.post(
        "/admin/users/new/",
        {
            "email": "nieuw@example.org",
            "display_name": "Nieuw",
            "password1": "gekozen-door-beheerder-1",
            "password2": "gekozen-door-beheerder-1",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.org")
    assert not user.has_usable_password()


def test_a_new_account_cannot_take_an_address_that_is_in_use(admin_client, person):
    response = admin_client.post("/admin/users/new/", {"email": person.email.upper(), "display_name": "Dubbel"})
    assert response.status_code == 200
    assert User.objects.filter(email__iexact=person.email).count() == 1


def test_copying_a_user_is_gone(admin_client, person):
    assert admin_client.get(f"/admin/users/copy/{person.pk}/").status_code == 404


def test_the_admins_own_account_page_changes_no_address_or_password(client, superadmin):
    """Wagtail's own account page would change the address without a confirmation mail: switched off."""
    client.force_login(superadmin)
    page = client.get("/admin/account/").content.decode()
    assert 'name="name_email-email"' not in page and "new_password1" not in page
    client.post(
        "/admin/account/",
        {
            "name_email-email": ATTACKER,
            "name_email-first_name": "X",
            "password-old_password": PASSWORD,
            "password-new_password1": "nieuw-wachtwoord-2025",
            "password-new_password2": "nieuw-wachtwoord-2025",
        },
    )
    superadmin.refresh_from_db()
    assert superadmin.email == "admin@example.org"
    assert superadmin.check_password(PASSWORD)


# --- The actions --------------------------------------------------------------------------------------------------


def action(person, name):
    return reverse("wagtailusers_users:account_action", args=[person.pk, name])


def test_deactivating_asks_first_then_ends_every_session_audits_and_tells_the_person(admin_client, superadmin, person):
    elsewhere = logged_in_elsewhere(person)
    assert still_logged_in(elsewhere)

    page = admin_client.get(action(person, "deactivate"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html and "autofocus" in html
    assert User.objects.get(pk=person.pk).is_active  # asking changes nothing

    response = admin_client.post(action(person, "deactivate"))

    assert response.status_code == 302 and response["Location"] == f"/admin/users/edit/{person.pk}/"
    person.refresh_from_db()
    assert not person.is_active
    assert not still_logged_in(elsewhere)
    entry = ModelLogEntry.objects.get(action="werkgroepen.account_deactivated", object_id=str(person.pk))
    assert entry.user_id == superadmin.pk and entry.data["sessions_ended"] == 1
    (mail,) = mails_to(person.email)
    assert mail.subject == dutch("Your Werkgroepen account was deactivated")
    deactivated = "A Werkgroepen administrator deactivated your account. You cannot log in any more, and you were logged out on every device."
    assert dutch(deactivated) in mail.body.replace("\n", " ")
    assert not Client().login(email=person.email, password=PASSWORD)


def test_reactivating_lets_the_person_in_again_and_tells_them(admin_client, superadmin, person):
    account_admin.account_deactivate(user=person, by=superadmin)

    admin_client.post(action(person, "reactivate"))

    person.refresh_from_db()
    assert person.is_active
    assert ModelLogEntry.objects.filter(action="werkgroepen.account_reactivated", object_id=str(person.pk)).exists()
    assert mails_to(person.email)[-1].subject == dutch("Your Werkgroepen account is active again")


def test_ending_sessions_logs_the_person_out_everywhere_but_keeps_the_account(admin_client, superadmin, person):
    phone, laptop = logged_in_elsewhere(person), logged_in_elsewhere(person)
    bystander = logged_in_elsewhere(superadmin)

    admin_client.post(action(person, "end_sessions"))

    assert not still_logged_in(phone) and not still_logged_in(laptop)
    assert still_logged_in(bystander) and still_logged_in(admin_client)
    person.refresh_from_db()
    assert person.is_active and person.check_password(PASSWORD)
    entry = ModelLogEntry.objects.get(action="werkgroepen.account_sessions_ended", object_id=str(person.pk))
    assert entry.data["sessions_ended"] == 2
    assert mails_to(person.email)[-1].subject == dutch("You were logged out of Werkgroepen on every device")


def test_a_reset_link_goes_to_the_persons_own_confirmed_address_only(admin_client, superadmin, person):
    pending = EmailAddress.objects.create(user=person, email="nieuw-adres@example.org", verified=False, primary=False)

    response = admin_client.post(action(person, "send_password_reset"), follow=True)

    assert response.status_code == 200
    (mail,) = [m for m in OutboundMessage.objects.all() if "/account/password/reset/key/" in m.body]
    assert mail.email == person.email
    assert not mails_to(pending.email)
    link = re.search(r"https?://[^/\s]+(/account/password/reset/key/\S+/)", mail.body).group(1)
    assert link not in response.content.decode()  # the administrator never sees the link
    assert ModelLogEntry.objects.filter(
        action="werkgroepen.account_password_reset_sent", object_id=str(person.pk), user=superadmin
    ).exists()
    # The person uses it and chooses a password nobody else knows.
    visitor = Client()
    form = visitor.get(link, follow=True)
    target = form.redirect_chain[-1][0] if form.redirect_chain else link
    done = visitor.post(target, {"password1": "eigen-nieuw-wachtwoord-7", "password2": "eigen-nieuw-wachtwoord-7"})
    assert done.status_code == 302
    assert User.objects.get(pk=person.pk).check_password("eigen-nieuw-wachtwoord-7")


def test_no_reset_link_without_a_confirmed_address(admin_client, user_factory):
    unconfirmed = user_factory("onbevestigd@example.org", "Onbevestigd")
    EmailAddress.objects.create(user=unconfirmed, email=unconfirmed.email, verified=False, primary=True)

    response = admin_client.post(action(unconfirmed, "send_password_reset"))

    assert response.status_code == 400
    assert "no confirmed e-mail address" in response.content.decode()
    assert not OutboundMessage.objects.exists()
    assert not ModelLogEntry.objects.filter(action="werkgroepen.account_password_reset_sent").exists()


def test_a_superadmin_cannot_deactivate_or_log_out_their_own_account_here(admin_client, superadmin):
    for name in ("deactivate", "end_sessions"):
        assert admin_client.post(action(superadmin, name)).status_code == 400
    superadmin.refresh_from_db()
    assert superadmin.is_active
    assert still_logged_in(admin_client)


def test_an_unknown_action_or_account_is_404(admin_client, person):
    assert admin_client.get(action(person, "change_email")).status_code == 404
    assert (
        admin_client.get(reverse("wagtailusers_users:account_action", args=[999999, "deactivate"])).status_code == 404
    )


def test_the_actions_need_a_csrf_token(superadmin, person):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(superadmin)
    assert strict.post(action(person, "deactivate")).status_code == 403
    person.refresh_from_db()
    assert person.is_active


@pytest.mark.parametrize("role", [Role.ORGANISATION_ADMIN, Role.EDITOR, Role.MODERATOR])
def test_only_superadmins_reach_the_actions(client, user_factory, organisation, person, role):
    someone = user_factory("rol@example.org", "Rol")
    roles.assign_role(user=someone, role=role, page=organisation)
    client.force_login(someone)
    before = snapshot(person)
    elsewhere = logged_in_elsewhere(person)

    for name in ACTIONS:
        assert client.get(action(person, name)).status_code in (302, 403)
        assert client.post(action(person, name)).status_code in (302, 403)
        assert client.get(f"/admin/users/edit/{person.pk}/").status_code in (302, 403)
        assert client.post(f"/admin/users/edit/{person.pk}/", {"email": ATTACKER}).status_code in (302, 403)

    assert snapshot(person) == before
    assert still_logged_in(elsewhere)
    assert not OutboundMessage.objects.exists()


def test_the_services_refuse_anyone_but_a_superadmin(user_factory, person):
    from django.core.exceptions import PermissionDenied

    staff = user_factory("staf@example.org", "Staf", is_staff=True)
    for service in (account_admin.account_deactivate, account_admin.account_end_sessions):
        with pytest.raises(PermissionDenied):
            service(user=person, by=staff)
    assert User.objects.get(pk=person.pk).is_active


def test_the_user_list_offers_the_actions_to_superadmins(admin_client, person):
    html = admin_client.get("/admin/users/").content.decode()
    assert action(person, "deactivate") in html
    assert action(person, "send_password_reset") in html


def test_bulk_deactivation_goes_through_the_service(admin_client, superadmin, person, user_factory):
    other = user_factory("ander@example.org", "Ander")
    elsewhere = logged_in_elsewhere(person)
    url = (
        f"/admin/bulk/wg_core/user/set_active_state/?next=/admin/users/&id={person.pk}&id={other.pk}&id={superadmin.pk}"
    )

    response = admin_client.post(url, {"mark_as_active": "False"})

    assert response.status_code == 302
    assert not User.objects.get(pk=person.pk).is_active and not User.objects.get(pk=other.pk).is_active
    assert User.objects.get(pk=superadmin.pk).is_active
    assert not still_logged_in(elsewhere)
    assert ModelLogEntry.objects.filter(action="werkgroepen.account_deactivated").count() == 2
    assert mails_to(person.email) and mails_to(other.email)
