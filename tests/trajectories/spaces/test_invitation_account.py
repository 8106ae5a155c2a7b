"""From the invitation mail to the space in one go (issue 15 §2): the link proves the address, so a person without
an account picks a name and a password and lands in the space: no themes to tick, no confirmation mail, no second
log-in, no invitation to look for.

Requirements: SEC-10 (the link works once), SEC-19 (no token in the address after the first click), SEC-13 (tries
are limited), SEC-01 (a professional seat still needs an organisation's declaration).
"""

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from core.models import User
from tests.trajectories.spaces.test_invitations import invite, token_from
from trajectories.models import AccessLogEntry, Participant, ParticipantStatus, Role

pytestmark = pytest.mark.django_db

GOOD = {"display_name": "Opa Jan", "password": "mijn kat slaapt veel", "password_again": "mijn kat slaapt veel"}


def invited(world, capture, **data):
    with capture(execute=True):
        assert invite(world, **data).status_code == 302
    return token_from(mail.outbox[-1])


def test_the_link_leads_to_a_name_and_a_password_and_then_into_the_space(
    world, client, django_capture_on_commit_callbacks
):
    token = invited(world, django_capture_on_commit_callbacks)
    page = client.get(reverse("trajectories:invitation_open", args=[token]), follow=True)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'name="display_name"' in html and 'name="password_again"' in html
    assert "opa@example.org" in html
    assert "interested_themes" not in html and reverse("account_signup") + "?next" not in html  # no themes
    assert world.space.title not in html  # nothing about the space before the account exists
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("trajectories:invitation"), GOOD)
    assert done.status_code == 302
    assert done["Location"] == reverse("trajectories:overview", args=[world.space.pk])
    user = User.objects.get(email="opa@example.org")
    assert user.display_name == "Opa Jan" and user.check_password(GOOD["password"])
    assert EmailAddress.objects.get(user=user).verified
    seat = Participant.objects.get(email="opa@example.org")
    assert seat.user == user and seat.status == ParticipantStatus.ACTIVE
    assert AccessLogEntry.objects.filter(item_id=seat.pk, authentication__contains="invitation").exists()
    assert not [m for m in mail.outbox if "confirm" in m.subject.lower()]  # no confirmation mail
    inside = client.get(done["Location"])  # logged in: the space opens at once
    assert inside.status_code == 200 and world.space.title in inside.content.decode()
    again = client.get(reverse("trajectories:invitation_open", args=[token]))
    assert again.status_code == 404  # SEC-10: used up


def test_what_was_typed_is_kept_and_the_mistake_is_named(world, client, django_capture_on_commit_callbacks):
    token = invited(world, django_capture_on_commit_callbacks)
    client.get(reverse("trajectories:invitation_open", args=[token]))
    short = client.post(reverse("trajectories:invitation"), {**GOOD, "password": "kort", "password_again": "kort"})
    assert short.status_code == 400
    assert "This password is too short" in short.content.decode()
    assert 'value="Opa Jan"' in short.content.decode()
    other = client.post(reverse("trajectories:invitation"), {**GOOD, "password_again": "iets anders hier"})
    assert "The two passwords are not the same" in other.content.decode()
    User.objects.create_user(email="bezet@example.org", password="x" * 14, display_name="Opa Jan")
    taken = client.post(reverse("trajectories:invitation"), GOOD)
    assert taken.status_code == 400 and "display name is already taken" in taken.content.decode()
    assert not User.objects.filter(email="opa@example.org").exists()
    assert Participant.objects.get(email="opa@example.org").status == ParticipantStatus.INVITED


def test_a_professional_seat_still_needs_an_organisation_to_declare_the_person(
    world, client, django_capture_on_commit_callbacks
):
    token = invited(world, django_capture_on_commit_callbacks, role=Role.PROFESSIONAL)
    html = client.get(reverse("trajectories:invitation_open", args=[token]), follow=True).content.decode()
    assert 'name="password_again"' not in html and reverse("account_login") in html
    response = client.post(reverse("trajectories:invitation"), GOOD)
    assert not User.objects.filter(email="opa@example.org").exists()
    assert response.status_code in (200, 405)


def test_an_address_with_an_account_logs_in_instead(world, client, django_capture_on_commit_callbacks):
    token = invited(world, django_capture_on_commit_callbacks)
    User.objects.create_user(email="OPA@example.org", password="x" * 14, display_name="opa")
    client.get(reverse("trajectories:invitation_open", args=[token]))
    response = client.post(reverse("trajectories:invitation"), GOOD)
    assert User.objects.filter(email__iexact="opa@example.org").count() == 1
    assert 'name="password_again"' not in response.content.decode()


def test_without_the_link_there_is_no_sign_up(world, client, django_capture_on_commit_callbacks):
    invited(world, django_capture_on_commit_callbacks)
    response = client.post(reverse("trajectories:invitation"), GOOD)  # no invitation in this session
    assert response.status_code == 404
    assert not User.objects.filter(email="opa@example.org").exists()


def test_tries_are_limited(world, client, django_capture_on_commit_callbacks):
    """SEC-13: a link shared by mistake cannot be used to try names and passwords without end."""
    token = invited(world, django_capture_on_commit_callbacks)
    client.get(reverse("trajectories:invitation_open", args=[token]))
    for _ in range(10):
        client.post(reverse("trajectories:invitation"), {**GOOD, "password_again": "anders"})
    blocked = client.post(reverse("trajectories:invitation"), GOOD)
    assert blocked.status_code == 400 and "Too many tries" in blocked.content.decode()
    assert not User.objects.filter(email="opa@example.org").exists()
