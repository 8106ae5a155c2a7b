"""The themes app's one wiring file for hooks: it imports each room's ``hooks.py`` and mounts the app's URLs. Nothing
else registers hooks (the page models register their snippets themselves, as Wagtail expects)."""

from wagtail import hooks

from config.hooks import REGISTER_URLS, UrlMount
from themes.fiches import hooks as fiches_hooks  # noqa: F401


@hooks.register(REGISTER_URLS)
def themes_urls():
    return UrlMount(prefix="organisatiefiches/", patterns="themes.fiches.urls", namespace="themes_fiches", order=40)
