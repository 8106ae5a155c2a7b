"""The participation app's one wiring file for hooks: it imports each room's ``hooks.py`` (which registers what the
room adds through the hook catalogue, config/hooks.py) and mounts the app's URLs. Nothing else registers hooks.

The rooms are imported in the order the notification settings list their types (registration order).
"""

from wagtail import hooks

from config.hooks import REGISTER_URLS, UrlMount

# isort: off
from participation.groups import hooks as groups_hooks  # noqa: F401
from participation.posts import hooks as posts_hooks  # noqa: F401
from participation.moderation import hooks as moderation_hooks  # noqa: F401
from participation.theme_digests import hooks as theme_digests_hooks  # noqa: F401
from participation.observer_updates import hooks as observer_updates_hooks  # noqa: F401
from participation.pushmail import hooks as pushmail_hooks  # noqa: F401
from participation.privacy import hooks as privacy_hooks  # noqa: F401
from participation.home_activity import hooks as home_activity_hooks  # noqa: F401

# isort: on


@hooks.register(REGISTER_URLS)
def participation_urls():
    return UrlMount(prefix="deelname/", patterns="participation.urls", order=50)
