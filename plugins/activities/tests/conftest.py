"""Fixtures for the activities plugin: the site's shared fixtures, a municipality with the plugin switched on and a
territory, its people, and a builder for activities."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.roles.models import Role
from core.roles.services import assign_role
from tests import conftest as site
from tests.fixtures.browser import (  # noqa: F401 - browser fixtures, and Wagtail's tree back after a flush
    browser,
    browser_site,
    page_factory,
    pytest_runtest_teardown,
)
from tests.fixtures.language import _site_language  # noqa: F401 - every test starts in nl-BE (run alone too)
from themes.models import MemberOrganisation, OrganisationPlugin
from werkgroepen_activities.activities.models import ActivityType
from werkgroepen_activities.activities.services import Occurrence, activity_save
from werkgroepen_activities.settings import PLUGIN, TYPES

# The site's shared fixtures (tests/conftest.py), for the plugin's tests.
_fresh_cache = site._fresh_cache
home, organisation, other_organisation, theme = site.home, site.organisation, site.other_organisation, site.theme
member, superadmin, user_factory = site.member, site.superadmin, site.user_factory
make_user = site.make_user

HOUTEM = ["8630", "8999"]


def ensure_types():
    """The activity types of migration 0002: a transactional test (browser, concurrency) flushes them."""
    for code, label in TYPES.items():
        ActivityType.objects.get_or_create(code=code, defaults={"label": str(label)})


def switch_on(organisation, *, enabled=True, **settings):
    """The organisation's plugin row, switched on (or off) with `settings`, as the Plugins tab saves it."""
    ensure_types()
    values = {"postcodes": ", ".join(HOUTEM), "types": ["ontmoeting", "workshop", "uitstap", "vrijwilligerswerk"]}
    values.update(settings)
    row, _ = OrganisationPlugin.objects.update_or_create(
        organisation=organisation, plugin=PLUGIN, defaults={"enabled": enabled, "settings": values}
    )
    from django.core.cache import cache

    cache.clear()  # the tree cache holds the switches; the admin's publish starts a new version
    return row


@pytest.fixture
def switched_on(organisation):
    switch_on(organisation)
    return organisation


@pytest.fixture
def admin_of(db):
    def make(organisation, email="beheer@houtem.example", role=Role.ORGANISATION_ADMIN):
        user = make_user(email, email.replace("@", " bij "))
        assign_role(user=user, role=role, page=organisation)
        return user

    return make


@pytest.fixture
def moderator(switched_on, admin_of):
    return admin_of(switched_on, "moderator@houtem.example", Role.MODERATOR)


@pytest.fixture
def manager(switched_on, admin_of):
    return admin_of(switched_on, "beheer@houtem.example", Role.ORGANISATION_ADMIN)


@pytest.fixture
def organiser(switched_on):
    return MemberOrganisation.objects.create(organisation=switched_on, name="Buurtwerk Houtem vzw")


GOOD_DESCRIPTION = (
    "Kom langs in het ontmoetingscentrum en praat Nederlands met buren. Je hoeft geen perfect Nederlands te "
    "spreken: we helpen elkaar."
)


def build_activity(organisation, *, organiser=None, days=7, types=("ontmoeting",), status=None, **values):
    """A complete activity (every publication rule met) unless `values` say otherwise."""
    start = timezone.now() + timedelta(days=days)
    fields = {
        "title": "Praatcafé Nederlands",
        "street": "Marktplein 1",
        "postcode": "8999",
        "municipality": "Houtem",
        "organiser": organiser,
        "organiser_name": "" if organiser else "Taalpunt Westhoek",
    }
    description = values.pop("description", GOOD_DESCRIPTION)
    fields.update(values)
    occurrences = [] if days is None else [Occurrence(start, start + timedelta(hours=2))]
    return activity_save(
        organisation=organisation,
        by=None,
        values=fields,
        description=description,
        occurrences=occurrences,
        types=list(types),
    )


@pytest.fixture
def activity_factory(switched_on):
    def make(organisation=None, **values):
        return build_activity(organisation or switched_on, **values)

    return make
