"""Fixtures for the themes tests: a clean rate-limit cache and uploads in a temporary folder."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from core.models import Role
from core.roles.services import assign_role


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the contact form's rate-limit counters live in the cache
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted by their English msgids; the Dutch catalogue is checked elsewhere."""
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    """A browser that asks for English, so page text matches the msgids whatever the catalogues hold."""
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def editor_of(user_factory):
    """An editor holding the role on `page`, made through the role service."""

    def make(page, email="redacteur@example.org"):
        user = user_factory(email)
        assign_role(user=user, role=Role.EDITOR, page=page)
        return user

    return make


@pytest.fixture
def moderator_of(user_factory):
    def make(page, email):
        user = user_factory(email)
        assign_role(user=user, role=Role.MODERATOR, page=page)
        return user

    return make
