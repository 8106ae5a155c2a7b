"""Registering for themes (seed 000: "eerst aangeven voor welk thema je inschrijft").

The themes chosen at registration become memberships once the e-mail address is confirmed: at once in an open
theme, as a request to the moderators in a closed one. Nothing happens before the address is confirmed.
"""

import re

import pytest
from django.urls import reverse

from core.models import User
from participation.models import Membership, MembershipStatus

pytestmark = pytest.mark.django_db


def _signup(client, themes):
    return client.post(
        reverse("account_signup"),
        {
            "email": "nieuw@example.org",
            "display_name": "Fietser Fien",
            "full_name": "Fien Vermeulen",
            "password1": "een-lang-wachtwoord-42",
            "password2": "een-lang-wachtwoord-42",
            "themes": [theme.pk for theme in themes],
        },
    )


@pytest.fixture
def confirm(client, mailoutbox, django_capture_on_commit_callbacks):
    def follow_link():
        from core.outbox.services import deliver_pending

        deliver_pending()  # the worker sends the queued confirmation mail (the outbox, after commit)
        key = re.search(r"/account/confirm-email/([^/]+)/", mailoutbox[-1].body).group(1)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("account_confirm_email", args=[key]))

    return follow_link


def test_chosen_themes_are_joined_once_the_address_is_confirmed(client, confirm, open_theme, closed_theme):
    _signup(client, [open_theme, closed_theme])
    user = User.objects.get(email="nieuw@example.org")
    assert not Membership.objects.filter(user=user).exists(), "no membership before the address is confirmed"

    confirm()

    statuses = dict(Membership.objects.filter(user=user).values_list("theme_id", "status"))
    assert statuses == {open_theme.pk: MembershipStatus.APPROVED, closed_theme.pk: MembershipStatus.PENDING}


def test_a_theme_not_chosen_is_not_joined(client, confirm, open_theme, mixed_theme):
    _signup(client, [open_theme])
    confirm()
    user = User.objects.get(email="nieuw@example.org")
    assert list(Membership.objects.filter(user=user).values_list("theme_id", flat=True)) == [open_theme.pk]


def test_a_theme_hidden_after_registration_is_not_joined(client, confirm, open_theme, closed_theme):
    _signup(client, [open_theme, closed_theme])
    closed_theme.hidden = True
    closed_theme.save()
    confirm()
    user = User.objects.get(email="nieuw@example.org")
    assert list(Membership.objects.filter(user=user).values_list("theme_id", flat=True)) == [open_theme.pk]
