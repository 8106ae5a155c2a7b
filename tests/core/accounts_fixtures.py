"""Fixtures of the invitation, role-request and personal-data tests (stream accounts): English messages, private
media, no MFA gate on the admin, an organisation admin and a moderator."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from core.models import Role
from core.roles import services as roles


@pytest.fixture(autouse=True)
def accounts_isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    cache.clear()
    with translation.override("en"):
        yield
    cache.clear()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def org_admin(user_factory, organisation):
    person = user_factory("orgadmin@example.org", "Orgbeheer")
    roles.assign_role(user=person, role=Role.ORGANISATION_ADMIN, page=organisation)
    return person


@pytest.fixture
def moderator(user_factory, theme):
    person = user_factory("moderator@example.org", "Moderator")
    roles.assign_role(user=person, role=Role.MODERATOR, page=theme)
    return person


def deliver(smtp_sink, count):
    """Send what is due in the outbox over real SMTP and return the messages the sink received."""
    from core.outbox.services import deliver_pending

    deliver_pending()
    return smtp_sink.wait_for(count)
