"""Fixtures for the collaboration spaces. Messages are asserted by their English msgids (the Dutch catalogue is
tested in tests/core/test_i18n.py), so every test runs in English."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.trajectories.world import build_world


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # rate-limit counters and the tree cache
    yield
    cache.clear()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


@pytest.fixture
def world(organisation, other_organisation):
    return build_world(organisation, other_organisation)
