"""Shared fixtures: a small page tree and users. Factories live beside the apps (themes/factories.py)."""

import gc

import pytest

from core.models import User
from themes.factories import home_page, organisation_page, subtheme_page, theme_page
from themes.models import GroupType

pytest_plugins = [
    "tests.fixtures.assertions",
    "tests.fixtures.smtp",
    "tests.fixtures.browser",
    "tests.fixtures.language",
    "tests.fixtures.index_tasks",
    "tests.fixtures.flush",
    "tests.fixtures.template_db",
]


def pytest_sessionstart(session):
    """Django, Wagtail and every app are loaded by now and stay for the whole run: keep their objects out of the
    garbage collector's passes (gc.freeze), and let it run less often. The suite makes millions of short-lived
    objects per minute; with the default thresholds the collector walked the loaded modules again and again."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 20)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrated, plus the site's home page: every test that asks for `home` finds it instead of
    building it (and deleting Wagtail's welcome page) again, which took a tenth of a second per test. The rows the
    migrations wrote are copied aside first: a transactional test ends with the database as migrated
    (tests/fixtures/flush.py), and `home_page()` builds the home page again for the tests after that."""
    from tests.fixtures.browser import ensure_wagtail_tree
    from tests.fixtures.deferred_index import run_pending
    from tests.fixtures.flush import remember_migrated_rows

    with django_db_blocker.unblock():
        remember_migrated_rows()
        ensure_wagtail_tree()  # a database kept with --reuse-db may have been flushed by an older version of the suite
        home_page()
        run_pending()  # the home page in the search index, as the worker would have put it


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: no tree-cache entry or rate-limit counter of another test."""
    from django.core.cache import cache

    cache.clear()
    yield


# The builders behind the fixtures below, also called by the worlds a sweep builds once per module
# (tests/fixtures/worlds.py), where function-scoped fixtures cannot reach.


def make_organisation():
    return organisation_page(title="Gemeente Testdorp", brand_colour="#1f4e79", contact_email="info@testdorp.be")


def make_other_organisation():
    return organisation_page(title="Koepel Jeugdhulp", brand_colour="#6b2d5c")


def make_theme(organisation):
    return theme_page(
        title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN, intro="<p>Samen op weg</p>"
    )


def make_superadmin():
    return User.objects.create_superuser(
        email="admin@example.org", password="een-lang-wachtwoord-42", display_name="Beheer"
    )


@pytest.fixture
def home(db):
    return home_page()


@pytest.fixture
def organisation(home):
    return make_organisation()


@pytest.fixture
def other_organisation(home):
    return make_other_organisation()


@pytest.fixture
def theme(organisation):
    return make_theme(organisation)


@pytest.fixture
def closed_theme(organisation):
    return theme_page(title="Jeugdraad", organisation=organisation, group_type=GroupType.CLOSED)


@pytest.fixture
def subtheme(theme):
    return subtheme_page(title="Fietspaden", theme=theme)


def make_user(email, display_name=None, password="een-lang-wachtwoord-42", **fields):  # noqa: S107
    user = User.objects.create_user(
        email=email, password=password, display_name=display_name or email.split("@")[0], **fields
    )
    return user


@pytest.fixture
def user_factory(db):
    return make_user


@pytest.fixture
def member(db):
    return make_user("lid@example.org", "Lid")


@pytest.fixture
def superadmin(db):
    return make_superadmin()
