"""Every notification type of the working groups is declared once, by the room whose events it names, and every
code a room notifies with is one of them (a room may tell in a type another room declares, e.g. "to moderate")."""

import pytest
from django.test import Client
from django.urls import reverse

from core.notifications.selectors import notification_types
from participation.groups import notifications as group_notifications
from participation.moderation import notifications as moderation_notifications
from participation.observer_updates.mail import OBSERVER_UPDATE
from participation.posts import notifications as post_notifications
from participation.pushmail.services import PUSH_MAIL
from participation.theme_digests.mail import THEME_DIGEST

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def author(open_theme, make_member):
    return make_member(open_theme, "auteur@example.org")


def test_the_types_are_declared_and_offered_in_the_settings(author):
    types = notification_types()
    for code in (
        group_notifications.MEMBERSHIP_DECIDED,
        post_notifications.ITEM_DECIDED,
        post_notifications.REACTION_ON_MY_POST,
        post_notifications.NEW_POST,
        moderation_notifications.REPORT_OUTCOME,
        moderation_notifications.TO_MODERATE,
    ):
        assert code in types
    assert types[moderation_notifications.TO_MODERATE].audience == "moderators"
    page = login(author).get(reverse("notification_settings")).content.decode()
    assert "Reactions on my posts" in page and "What happened with my reports" in page


def test_every_code_a_room_notifies_with_is_declared():
    declared = notification_types()
    used = {
        value
        for module in (group_notifications, post_notifications, moderation_notifications)
        for name, value in vars(module).items()
        if name.isupper() and isinstance(value, str) and value.startswith("participation.")
    }
    used |= {OBSERVER_UPDATE, PUSH_MAIL, THEME_DIGEST}
    assert used and used <= set(declared)
    assert {code for code in declared if code.startswith("participation.")} == used
