"""Inviting people into a space by e-mail, and accepting (issue 5, part A item 4).

Requirements: SEC-22 (mail about a space carries no care content: only the invitation and a link), SEC-19 (no
token in the address after the first click), SEC-10 (single-use links), SEC-13 (invitations are rate-limited),
REL-03 (mail leaves only for committed data).
"""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import User
from trajectories.models import AccessLogEntry, Participant, ParticipantStatus, Role, hash_token

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/werkruimte/uitnodiging/(?P<token>[^/\s]+)/")


def invite(world, who="young", **data):
    form = {"email": "opa@example.org", "name": "Opa Jan", "role": Role.NETWORK, "relation": "opa", **data}
    return world.client(who).post(reverse("trajectories:invite", args=[world.space.pk]), form)


def token_from(message):
    return LINK.search(message.body).group("token")


@pytest.fixture
def sent(world, django_capture_on_commit_callbacks):
    """An invitation from the young person (regie), its e-mail and the link's token."""
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(world)
    assert response.status_code == 302
    message = mail.outbox[-1]
    return Participant.objects.get(email="opa@example.org"), message, token_from(message)


def test_invitation_mail_carries_no_care_content(world, sent):
    """SEC-22: subject and body say only that there is an invitation, and the link: not the space's name, not the
    young person's name, not who invited or with which role."""
    participant, message, token = sent
    assert message.to == ["opa@example.org"]
    assert message.subject == "You are invited to a collaboration space"
    text = message.subject + message.body
    for secret in ("Sara", "Peeters", world.space.title, "young", "opa", "Opa Jan", "mama", "CAW", "network"):
        assert secret not in text
    assert "You are invited to take part in a collaboration space on Werkgroepen." in message.body
    assert participant.status == ParticipantStatus.INVITED


def test_token_is_stored_hashed_and_expires_in_seven_days(sent):
    participant, _message, token = sent
    assert participant.token_hash == hash_token(token)
    assert token not in participant.token_hash
    assert timedelta(days=6, hours=23) < participant.token_expires_at - timezone.now() <= timedelta(days=7)


def test_mail_is_only_sent_after_commit(world, django_capture_on_commit_callbacks):
    """REL-03: nothing leaves before the transaction commits."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invite(world)
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_inviting_the_same_address_twice_is_refused(world, sent):
    """Bad input: the same address twice gets a clear message, the form keeps what was typed, nothing is sent."""
    sent_before = len(mail.outbox)
    response = invite(world, email="OPA@example.org", name="Opa Jan twee")
    assert response.status_code == 400
    assert "This e-mail address has already been invited to this space." in response.content.decode()
    assert 'value="Opa Jan twee"' in response.content.decode()
    assert Participant.objects.filter(trajectory=world.space, email="opa@example.org").count() == 1
    assert len(mail.outbox) == sent_before


def test_inviting_someone_who_takes_part_is_refused(world):
    response = invite(world, email=world.users["parent"].email)
    assert response.status_code == 400
    assert "This person already takes part in this space." in response.content.decode()


def test_only_whoever_holds_regie_invites(world):
    """A forged invitation by the parent (no regie) is refused and changes nothing; an outsider gets 404."""
    count = Participant.objects.count()
    response = invite(world, who="parent")
    assert response.status_code == 403
    assert "Only the person who decides in this space (who holds regie) can do this." in response.content.decode()
    assert invite(world, who="outsider").status_code == 404
    assert invite(world, who="superadmin").status_code == 404
    assert Participant.objects.count() == count
    assert mail.outbox == []


def test_invitations_are_rate_limited(world, settings, monkeypatch):
    """SEC-13: too many invitations in a short time answer 429 and invite nobody."""
    from trajectories.spaces import views

    monkeypatch.setattr(views, "INVITE_RATE_LIMIT", (2, 3600))
    assert invite(world, email="a@example.org").status_code == 302
    assert invite(world, email="b@example.org").status_code == 302
    response = invite(world, email="c@example.org")
    assert response.status_code == 429
    assert not Participant.objects.filter(email="c@example.org").exists()


def test_accepting_with_the_logged_in_account(world, sent, client):
    """The link puts the invitation in the session and continues on an address without the token (SEC-19); the
    invited person (logged in with that address) accepts and lands in the space."""
    participant, _message, token = sent
    grandpa = User.objects.create_user(email="opa@example.org", password="x" * 14, display_name="opa")
    client.force_login(grandpa)
    response = client.get(reverse("trajectories:invitation_open", args=[token]))
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:invitation")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "invites you to a space, as network" in page.content.decode()
    assert world.space.title not in page.content.decode()
    answer = client.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "accept"})
    assert answer.status_code == 302
    assert answer["Location"] == reverse("trajectories:overview", args=[world.space.pk])
    participant.refresh_from_db()
    assert participant.user == grandpa
    assert participant.status == ParticipantStatus.ACTIVE
    assert participant.token_hash is None
    assert client.get(answer["Location"]).status_code == 200
    assert AccessLogEntry.objects.filter(
        trajectory=world.space, item_type="participant", participant=participant
    ).exists()


def test_the_link_works_once(world, sent, client):
    """SEC-10: after accepting, the same link says it no longer works."""
    participant, _message, token = sent
    grandpa = User.objects.create_user(email="opa@example.org", password="x" * 14, display_name="opa")
    client.force_login(grandpa)
    client.get(reverse("trajectories:invitation_open", args=[token]))
    client.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "accept"})
    again = client.get(reverse("trajectories:invitation_open", args=[token]))
    assert again.status_code == 404
    assert "This invitation no longer works" in again.content.decode()


def test_an_expired_link_does_not_work(world, sent, client):
    participant, _message, token = sent
    Participant.objects.filter(pk=participant.pk).update(token_expires_at=timezone.now() - timedelta(minutes=1))
    response = client.get(reverse("trajectories:invitation_open", args=[token]))
    assert response.status_code == 404
    assert "This invitation no longer works" in response.content.decode()
    grandpa = User.objects.create_user(email="opa@example.org", password="x" * 14, display_name="opa")
    client.force_login(grandpa)
    answer = client.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "accept"})
    assert answer.status_code == 404
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.INVITED


def test_an_unknown_link_looks_like_a_used_one(client):
    response = client.get(reverse("trajectories:invitation_open", args=["nonsense-token"]))
    assert response.status_code == 404
    assert "This invitation no longer works" in response.content.decode()


def test_anonymous_visitor_with_an_account_is_led_to_log_in(world, sent, client):
    """With an account on the invited address: log in first (nothing about the space is shown). Without one, the
    short sign-up of tests/trajectories/spaces/test_invitation_account.py."""
    _participant, _message, token = sent
    User.objects.create_user(email="opa@example.org", password="x" * 14, display_name="opa")
    response = client.get(reverse("trajectories:invitation_open", args=[token]), follow=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("account_login") in html
    assert 'name="password_again"' not in html
    assert world.space.title not in html
    assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]


def test_registration_then_the_invitation_waits_under_my_spaces(world, sent, client):
    """After registering with the invited address (confirmed), the invitation is listed under My spaces."""
    participant, _message, _token = sent
    grandpa = User.objects.create_user(email="grandpa@example.org", password="x" * 14, display_name="opa")
    EmailAddress.objects.create(user=grandpa, email="opa@example.org", verified=True)
    client.force_login(grandpa)
    page = client.get(reverse("trajectories:my_spaces"))
    assert "invites you to a space, as network" in page.content.decode()
    answer = client.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "accept"})
    assert answer.status_code == 302
    assert Participant.objects.get(pk=participant.pk).user == grandpa


def test_another_account_cannot_use_the_link(world, sent, client):
    """A forwarded link is useless to an account without the invited address: nothing about the space is shown."""
    participant, _message, token = sent
    client.force_login(world.users["outsider"])
    client.get(reverse("trajectories:invitation_open", args=[token]))
    page = client.get(reverse("trajectories:invitation"))
    assert page.status_code == 403
    assert "This invitation was sent to another e-mail address. Log in with that address." in page.content.decode()
    assert world.space.title not in page.content.decode()
    answer = client.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "accept"})
    assert answer.status_code == 404
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.INVITED


def test_declining(world, sent, client):
    participant, _message, token = sent
    grandpa = User.objects.create_user(email="opa@example.org", password="x" * 14, display_name="opa")
    client.force_login(grandpa)
    answer = client.post(reverse("trajectories:invitation_respond", args=[participant.pk]), {"answer": "decline"})
    assert answer.status_code == 302
    participant.refresh_from_db()
    assert participant.status == ParticipantStatus.REMOVED
    assert client.get(reverse("trajectories:invitation_open", args=[token])).status_code == 404
    assert client.get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 404


def test_resending_makes_a_new_link(world, sent, django_capture_on_commit_callbacks):
    participant, _message, old_token = sent
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("young").post(
            reverse("trajectories:invitation_resend", args=[world.space.pk, participant.pk])
        )
    assert response.status_code == 302
    new_token = token_from(mail.outbox[-1])
    assert new_token != old_token
    participant.refresh_from_db()
    assert participant.token_hash == hash_token(new_token)
    assert world.client("anonymous").get(reverse("trajectories:invitation_open", args=[old_token])).status_code == 404


def test_withdrawing_and_inviting_again(world, sent, django_capture_on_commit_callbacks):
    """A withdrawn invitation may be sent again later (the row is reused, the address stays unique)."""
    participant, _message, token = sent
    world.client("young").post(
        reverse("trajectories:participant_remove", args=[world.space.pk, participant.pk]), {"confirm": "yes"}
    )
    assert world.client("anonymous").get(reverse("trajectories:invitation_open", args=[token])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert invite(world).status_code == 302
    assert Participant.objects.get(pk=participant.pk).status == ParticipantStatus.INVITED


def test_invite_form_errors_are_tied_to_fields(world):
    """Bad input: an invalid address and no role; labels and errors are tied to their fields."""
    response = invite(world, email="geen-adres", role="")
    html = response.content.decode()
    assert response.status_code == 400
    assert "Write a valid e-mail address." in html
    assert "Choose a role." in html
    assert 'aria-describedby="id_email_error"' in html or 'aria-describedby="id_email_helptext id_email_error"' in html
    assert 'value="geen-adres"' in html
