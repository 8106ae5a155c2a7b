"""Invitations (issue 4 §8): a superadmin or organisation admin invites a person by e-mail as editor, moderator or
observer; the link works once, until it expires; accepting grants the role through core.roles. Mail leaves over
real SMTP through the outbox."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from core.invitations import admin as admin_invitations
from core.invitations.selectors import hash_token
from core.invitations.services import invitation_create
from core.models import Invitation, InvitationStatus, OutboundMessage, OutboundStatus, Role, RoleAssignment
from core.roles import services as roles
from core.roles.selectors import moderators_of
from tests.core.accounts_fixtures import *  # noqa: F403
from tests.core.accounts_fixtures import deliver
from themes.factories import theme_page

PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105
ADD = "/admin/invitations/new/"


def invite_through_admin(client, by, **data):
    client.force_login(by)
    return client.post(ADD, data)


def link_from(smtp_sink, address, count=1):
    messages = deliver(smtp_sink, count)
    mine = [m for m in messages if address in str(m["To"])]
    assert mine, f"no mail to {address}"
    return smtp_sink.first_url(mine[-1], "/uitnodiging/")


def path_of(url):
    return urlsplit(url).path


def test_new_person_signs_up_through_the_link_and_becomes_moderator(client, org_admin, theme, smtp_sink):
    """An organisation admin invites by e-mail; the invitee has no account, makes one with the address already
    confirmed by the link, accepts, and holds the role. The token is stored only as a hash (SEC-10)."""
    response = invite_through_admin(client, org_admin, email="Nieuw@Example.org", role=Role.MODERATOR, page=theme.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "nieuw@example.org" and invitation.invited_by == org_admin
    assert invitation.expires_at - invitation.sent_at == timedelta(days=7)

    url = link_from(smtp_sink, "nieuw@example.org")
    token = url.rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    message = smtp_sink.to("nieuw@example.org")[0]
    assert "Mobiliteit" in str(message["Subject"])

    visitor = type(client)(headers={"accept-language": "en"})
    page = visitor.get(path_of(url))
    assert page.status_code == 200 and "Make an account" in page.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.MODERATOR).exists()  # opening the link grants nothing

    to_signup = visitor.post(path_of(url), {"action": "signup"})
    assert to_signup.status_code == 302 and to_signup["Location"].startswith(reverse("account_signup"))
    form = visitor.get(to_signup["Location"])
    assert 'value="nieuw@example.org"' in form.content.decode()
    signed_up = visitor.post(
        to_signup["Location"],
        {"email": "nieuw@example.org", "display_name": "Nieuwe Mod", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert signed_up.status_code == 302 and signed_up["Location"] == reverse("invitation_continue")
    assert "Accept the invitation" in visitor.get(reverse("invitation_continue")).content.decode()

    accepted = visitor.post(reverse("invitation_continue"), {"action": "accept"})
    assert accepted.status_code == 302
    new_user = RoleAssignment.objects.get(role=Role.MODERATOR, page=theme).user
    assert new_user.email == "nieuw@example.org"
    assert new_user.emailaddress_set.get().verified  # verified by the link, no second mail
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ACCEPTED and invitation.accepted_by == new_user
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"werkgroepen.invitation_sent", "werkgroepen.invitation_accepted", "werkgroepen.role_assigned"} <= actions

    # Reused link: a clear page, nothing more granted.
    again = visitor.post(path_of(url), {"action": "accept"})
    assert again.status_code == 410 and "already been used" in again.content.decode()
    assert RoleAssignment.objects.filter(role=Role.MODERATOR).count() == 1


def test_logged_in_invitee_accepts_and_the_wrong_account_is_told(client, superadmin, member, user_factory, theme):
    """The invited address accepts with one click; another logged-in account gets a clear 403 and nothing."""
    _invitation, token = invitation_create(email=member.email, role=Role.EDITOR, page=theme, by=superadmin)
    url = reverse("invitation", args=[token])
    stranger = user_factory("ander@example.org", "Ander")

    client.force_login(stranger)
    wrong = client.post(url, {"action": "accept"})
    assert wrong.status_code == 403
    assert "lid@example.org" in wrong.content.decode() and "Nothing has been granted" in wrong.content.decode()
    assert not RoleAssignment.objects.filter(role=Role.EDITOR).exists()

    # "Log out and continue" keeps the invitation for the next account.
    client.post(reverse("invitation_logout"))
    again = client.get(reverse("invitation_continue"))
    assert again.status_code == 200 and "Log in to accept" in again.content.decode()

    client.force_login(member)
    assert client.get(url).status_code == 200
    assert not RoleAssignment.objects.filter(user=member).exists()  # GET never grants
    response = client.post(url, {"action": "accept"})
    assert response.status_code == 302
    assert RoleAssignment.objects.filter(user=member, role=Role.EDITOR, page=theme).exists()
    assert theme.permissions_for_user(member).can_edit()


def test_existing_account_logs_in_first(client, superadmin, member, theme):
    """Someone with an account is sent to log in (not to sign up), then comes back to the invitation."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    _invitation, token = invitation_create(email=member.email, role=Role.OBSERVER, page=theme, by=superadmin)
    page = client.get(reverse("invitation", args=[token]))
    assert "Log in to accept" in page.content.decode()
    assert client.post(reverse("invitation", args=[token]), {"action": "signup"}).status_code == 200  # no signup
    logged_in = client.post(
        reverse("account_login") + "?next=" + reverse("invitation_continue"),
        {"login": member.email, "password": PASSWORD},
    )
    assert logged_in["Location"] == reverse("invitation_continue")
    client.post(reverse("invitation_continue"), {"action": "accept"})
    assert RoleAssignment.objects.filter(user=member, role=Role.OBSERVER, page=theme).exists()


def test_expired_link_grants_nothing(client, superadmin, member, theme):
    invitation, token = invitation_create(email=member.email, role=Role.MODERATOR, page=theme, by=superadmin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    client.force_login(member)
    response = client.post(reverse("invitation", args=[token]), {"action": "accept"})
    assert response.status_code == 410 and "has expired" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=member).exists()


def test_unknown_link_is_404(client, member):
    client.force_login(member)
    response = client.post(reverse("invitation", args=["niet-bestaand"]), {"action": "accept"})
    assert response.status_code == 404 and "does not exist" in response.content.decode()


def test_revoke_and_resend(client, org_admin, member, theme, smtp_sink):
    """Revoking kills the link and the mail still in the outbox; resending makes a new link and kills the old."""
    response = invite_through_admin(client, org_admin, email=member.email, role=Role.MODERATOR, page=theme.pk)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    first = link_from(smtp_sink, member.email)

    client.post(reverse("invitations:resend", args=[invitation.pk]))
    second = link_from(smtp_sink, member.email, count=2)
    assert first != second
    invitation.refresh_from_db()
    assert invitation.send_count == 2

    guest = type(client)(headers={"accept-language": "en"})
    guest.force_login(member)
    assert guest.post(path_of(first), {"action": "accept"}).status_code == 404  # the old link is dead
    assert not RoleAssignment.objects.filter(user=member).exists()

    confirm = client.get(reverse("invitations:revoke", args=[invitation.pk]))
    assert confirm.status_code == 200 and "Revoke the invitation" in confirm.content.decode()
    client.post(reverse("invitations:revoke", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.REVOKED
    revoked = guest.post(path_of(second), {"action": "accept"})
    assert revoked.status_code == 410 and "withdrawn" in revoked.content.decode()
    assert not RoleAssignment.objects.filter(user=member).exists()
    assert ModelLogEntry.objects.filter(action="werkgroepen.invitation_revoked", user_id=org_admin.pk).exists()

    # A revoked invitation cannot be resent.
    client.post(reverse("invitations:resend", args=[invitation.pk]))
    assert Invitation.objects.get().send_count == 2


def test_revoking_cancels_the_mail_still_queued(superadmin, member, theme):
    from core.invitations.services import invitation_revoke

    invitation, _token = invitation_create(email=member.email, role=Role.MODERATOR, page=theme, by=superadmin)
    invitation_revoke(invitation=invitation, by=superadmin)
    assert OutboundMessage.objects.get(email=member.email).status == OutboundStatus.CANCELLED


@pytest.mark.parametrize("address", ["geen-adres", "twee@@example.org", "a@b", ""])
def test_malformed_address_is_a_form_error(client, org_admin, theme, address):
    response = invite_through_admin(client, org_admin, email=address, role=Role.MODERATOR, page=theme.pk)
    assert response.status_code == 200
    assert "Enter a valid email address." in response.content.decode() or "This field is required." in (
        response.content.decode()
    )
    assert not Invitation.objects.exists() and not OutboundMessage.objects.exists()


def test_organisation_admin_stays_inside_their_organisation(client, org_admin, theme, other_organisation, superadmin):
    """The chooser offers only the admin's own pages; a forged page outside is refused; another organisation's
    invitations are invisible (404) and cannot be revoked (SEC-04)."""
    outside = theme_page(title="Elders Thema", organisation=other_organisation)
    client.force_login(org_admin)
    form = client.get(ADD).content.decode()
    assert "Mobiliteit" in form and "Elders Thema" not in form
    assert ">Superadmin<" not in form and "Organisation admin" not in form

    forged = client.post(ADD, {"email": "x@example.org", "role": Role.MODERATOR, "page": outside.pk})
    assert forged.status_code == 200 and not Invitation.objects.exists()
    forged = client.post(ADD, {"email": "x@example.org", "role": Role.ORGANISATION_ADMIN, "page": theme.pk})
    assert forged.status_code == 200 and not Invitation.objects.exists()

    theirs, _token = invitation_create(email="y@example.org", role=Role.EDITOR, page=outside, by=superadmin)
    listing = client.get("/admin/invitations/").content.decode()
    assert "y@example.org" not in listing
    assert client.post(reverse("invitations:revoke", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("invitations:resend", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == InvitationStatus.PENDING and theirs.send_count == 1


def test_the_list_shows_status_and_filters(client, superadmin, theme):
    waiting, _t = invitation_create(email="wacht@example.org", role=Role.EDITOR, page=theme, by=superadmin)
    old, _t = invitation_create(email="oud@example.org", role=Role.EDITOR, page=theme, by=superadmin)
    Invitation.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(days=1))
    client.force_login(superadmin)
    listing = client.get("/admin/invitations/").content.decode()
    assert "wacht@example.org" in listing and "Waiting for an answer" in listing and "Expired" in listing
    assert reverse("invitations:resend", args=[waiting.pk]) in listing  # an expired one can be sent again too
    assert reverse("invitations:revoke", args=[old.pk]) in listing
    revoked = client.get("/admin/invitations/?status=revoked").content.decode()
    assert "wacht@example.org" not in revoked


def test_moderators_and_members_cannot_invite(client, moderator, member, theme):
    """Sweep principle: moderators never get user-management powers — no invitations screen, no service."""
    from django.core.exceptions import PermissionDenied

    for person in (moderator, member):
        client.force_login(person)
        response = client.post(ADD, {"email": "x@example.org", "role": Role.MODERATOR, "page": theme.pk})
        assert response.status_code in (302, 403)
        assert not client.get("/admin/invitations/").content.decode().count("x@example.org")
        with pytest.raises(PermissionDenied):
            invitation_create(email="x@example.org", role=Role.MODERATOR, page=theme, by=person)
    assert not Invitation.objects.exists()


def test_a_second_waiting_invitation_for_the_same_role_is_refused(client, org_admin, theme):
    invite_through_admin(client, org_admin, email="dubbel@example.org", role=Role.EDITOR, page=theme.pk)
    again = client.post(ADD, {"email": "DUBBEL@example.org", "role": Role.EDITOR, "page": theme.pk})
    assert again.status_code == 200 and "Resend it instead" in again.content.decode()
    assert Invitation.objects.count() == 1


def test_inviting_is_rate_limited(client, org_admin, theme, monkeypatch):
    """SEC-13: beyond the limit the answer is 429 and nothing is written."""
    monkeypatch.setattr(admin_invitations, "INVITES_PER_HOUR", 2)
    for n in range(2):
        assert (
            invite_through_admin(client, org_admin, email=f"p{n}@example.org", role="editor", page=theme.pk).status_code
            == 302
        )
    response = client.post(ADD, {"email": "p9@example.org", "role": Role.EDITOR, "page": theme.pk})
    assert response.status_code == 429
    assert Invitation.objects.count() == 2


def test_accepted_moderator_holds_no_user_management_permission(client, superadmin, member, theme):
    """The role service gives moderators no auth.* or core permission; the user and role screens stay shut."""
    _invitation, token = invitation_create(email=member.email, role=Role.MODERATOR, page=theme, by=superadmin)
    client.force_login(member)
    client.post(reverse("invitation", args=[token]), {"action": "accept"})
    member.refresh_from_db()
    assert moderators_of(theme).filter(pk=member.pk).exists()
    perms = member.get_all_permissions()
    assert not any(p.startswith(("auth.", "wg_core.")) for p in perms)
    for url in ("/admin/users/", "/admin/roles/", "/admin/invitations/", "/admin/role-requests/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "orgadmin" not in response.content.decode()


def test_the_admin_list_costs_the_same_for_3_and_30_invitations(client, org_admin, theme):
    """PERF-02: the invitation list is a constant number of queries whatever its length."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(start, count):
        for n in range(start, start + count):
            invitation_create(email=f"p{n}@example.org", role=Role.EDITOR, page=theme, by=org_admin)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/invitations/").status_code == 200
        return len(queries)

    client.force_login(org_admin)
    add(0, 3)
    count()  # the first request fills the tree cache
    small = count()
    add(3, 27)
    assert count() == small


def test_the_audit_history_is_readable_inside_the_scope_only(client, org_admin, theme, superadmin, other_organisation):
    """Every invitation's history shows its audit log entries; the history of another organisation's invitations
    and roles is a 404 for an organisation admin (Wagtail's history view looked among all rows, SEC-04)."""
    outside = theme_page(title="Elders Thema", organisation=other_organisation)
    theirs, _token = invitation_create(email="y@example.org", role=Role.EDITOR, page=outside, by=superadmin)
    their_role = roles.assign_role(user=theirs.invited_by, role=Role.EDITOR, page=outside, by=superadmin)
    mine, _token = invitation_create(email="z@example.org", role=Role.EDITOR, page=theme, by=org_admin)
    client.force_login(org_admin)

    history = client.get(f"/admin/invitations/history/{mine.pk}/")
    assert history.status_code == 200 and "Invitation sent" in history.content.decode()
    for url in (
        f"/admin/invitations/history/{theirs.pk}/",
        f"/admin/invitations/history-results/{theirs.pk}/",
        f"/admin/roles/history/{their_role.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "y@example.org" not in response.content.decode()
