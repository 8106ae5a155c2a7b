"""What the working groups tell people about memberships (issue 4 §4): the moderators hear of a request to join, the
person hears the decision (with the reason of a refusal)."""

import pytest

from core.models import Notification, OutboundMessage
from participation.groups import notifications as group_notifications
from participation.groups import services as group_services
from participation.moderation import notifications as moderation_notifications

pytestmark = pytest.mark.django_db


def told(code, user=None):
    rows = Notification.objects.filter(type=code)
    return rows.filter(recipient=user) if user is not None else rows


def test_memberships_tell_the_moderators_then_the_person(
    closed_theme, make_moderator, user_factory, mixed_theme, django_capture_on_commit_callbacks
):
    moderator = make_moderator(closed_theme, "moderator@example.org")
    elsewhere = make_moderator(mixed_theme, "elders@example.org")
    person = user_factory("nieuw@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        membership = group_services.membership_join(user=person, theme=closed_theme)
    request = told(moderation_notifications.TO_MODERATE, moderator).get()
    assert "asks to join" in request.title
    assert OutboundMessage.objects.filter(
        email="moderator@example.org", type=moderation_notifications.TO_MODERATE
    ).exists()
    assert not told(moderation_notifications.TO_MODERATE, elsewhere).exists()
    group_services.membership_reject(membership=membership, by=moderator, reason="Alleen voor jongeren")
    decided = told(group_notifications.MEMBERSHIP_DECIDED, person).get()
    assert "was refused" in decided.title and "Alleen voor jongeren" in decided.text
