"""Wiring: the rooms' hook registrations, and the plugin's pages at /activiteiten/."""

from wagtail import hooks

from config.hooks import REGISTER_URLS, UrlMount
from werkgroepen_activities.activities import hooks as activity_hooks  # noqa: F401
from werkgroepen_activities.feed import hooks as feed_hooks  # noqa: F401
from werkgroepen_activities.territory import admin as territory_admin  # noqa: F401


@hooks.register(REGISTER_URLS)
def activities_urls():
    return UrlMount(
        prefix="activiteiten/", patterns="werkgroepen_activities.urls", namespace="werkgroepen_activities", order=80
    )
