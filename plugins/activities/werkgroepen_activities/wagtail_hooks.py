"""Wiring: the rooms' hook registrations, and the plugin's pages at /activiteiten/."""

from datetime import time

from wagtail import hooks

from config.hooks import REGISTER_SCHEDULED_JOB, REGISTER_URLS, ScheduledJob, UrlMount
from themes.models import OrganisationPage
from werkgroepen_activities.activities import hooks as activity_hooks  # noqa: F401
from werkgroepen_activities.activities.models import enabled_organisation_ids
from werkgroepen_activities.activities.services import activities_expire, recurring_inactive_tell
from werkgroepen_activities.feed import hooks as feed_hooks  # noqa: F401
from werkgroepen_activities.feed.services import feeds_import_all
from werkgroepen_activities.territory import admin as territory_admin  # noqa: F401


@hooks.register(REGISTER_URLS)
def activities_urls():
    return UrlMount(
        prefix="activiteiten/", patterns="werkgroepen_activities.urls", namespace="werkgroepen_activities", order=80
    )


def _import_feeds():
    """Import the UiT feed of every organisation that switched the plugin on (a second run finds nothing new)."""
    results = feeds_import_all(organisations=OrganisationPage.objects.filter(pk__in=enabled_organisation_ids()))
    return sum(1 for result in results if result.run is not None)


def _housekeeping():
    """Expire past activities and report inactive recurring ones; each report has its own outbox key, so a second
    run tells nobody twice."""
    return f"{activities_expire()} expired, {recurring_inactive_tell()} inactive recurring reported"


@hooks.register(REGISTER_SCHEDULED_JOB)
def activities_jobs():
    return [
        ScheduledJob(
            name="activities-feed-import",
            run=_import_feeds,
            at=time(3, 0),
            description="Import the UiTinVlaanderen feeds of the organisations that set one (nightly).",
        ),
        ScheduledJob(
            name="activities-housekeeping",
            run=_housekeeping,
            at=time(4, 0),
            description="Expire past activities; tell moderators about recurring ones left unchanged too long.",
        ),
    ]
