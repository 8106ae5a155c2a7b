"""Fixtures for the collaboration spaces. Messages are asserted by their English msgids (the Dutch catalogue is
tested in tests/core/test_i18n.py), so every test runs in English.

The space of tests/trajectories/world.py (two organisations, ten people, the space and its six seats) is built once
per test module and shared by the module's tests (tests/fixtures/worlds.py): building it took 0.3 s, more than most
of the tests that use it. Each test gets its own copy of the world's objects and runs in its own transaction, rolled
back when it ends, so it finds the world exactly as built, whatever the test before it wrote. A sweep made once for a
module (tests/trajectories/closure/test_closure.py: ``sweep_world``) runs on a copy of the same world, in a savepoint
rolled back when it returns. Transactional tests build the world per test (their rows must be committed for the
other connections).
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from tests.conftest import make_organisation, make_other_organisation
from tests.fixtures.browser import _is_transactional
from tests.fixtures.worlds import built_once, fresh_copy
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


HERE = Path(__file__).parent
WORLD_FIXTURES = {"world", "organisation", "other_organisation"}


def pytest_collection_modifyitems(items):
    """Tests here that use the world (or its organisations) get the module's shared world, set up before their own
    transaction opens: a fixture of a wider scope asked for inside a test would be rolled back with the test."""
    for item in items:
        if (
            item.path.is_relative_to(HERE)
            and not _is_transactional(item)
            and WORLD_FIXTURES & set(item.fixturenames)
            and "shared_world" not in item.fixturenames
        ):
            item.fixturenames.insert(0, "shared_world")


def _build_shared_world():
    with translation.override("en"):  # as the per-test autouse fixture above
        return build_world(make_organisation(), make_other_organisation())


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """The module's world, built once (see the module docstring)."""
    yield from built_once(django_db_blocker, _build_shared_world)


def _shares(request):
    return "shared_world" in request.fixturenames


@pytest.fixture
def world(request, db):
    if _shares(request):
        return fresh_copy(request.getfixturevalue("shared_world"))
    return build_world(request.getfixturevalue("organisation"), request.getfixturevalue("other_organisation"))


@pytest.fixture
def organisation(request, home):
    """The world's organisation A where the world is shared (a second organisation of that name would be refused)."""
    if _shares(request):
        return request.getfixturevalue("world").organisation_a
    return make_organisation()


@pytest.fixture
def other_organisation(request, home):
    if _shares(request):
        return request.getfixturevalue("world").organisation_b
    return make_other_organisation()
