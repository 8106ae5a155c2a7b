"""A cache of facts about the page tree that every page view reads and editors rarely change: which pages are
hidden, the furniture of a theme (categories, filter groups, member organisations, subthemes), an organisation's
switched-on plugins, whether any Wagtail view restriction exists.

Every entry is stored under the current *tree version*. Any save or delete of a page, of the rows edited inline
with a page (categories, filters, member organisations, plugin switches), of a member organisation fiche or of a
view restriction starts a new version (signal receivers connected by :func:`watch_page_tree` from the apps'
``ready()``: the core's for pages and Wagtail's rows, the themes app's for its own), so nothing stale is ever read after
a change. Entries also expire after ``TREE_CACHE_SECONDS`` as a safety net for changes made outside the ORM's
signals (``QuerySet.update``, another process with its own local-memory cache). Inside a request each value is
also memoised, so one page view reads the cache once per key.

Production shares the cache between processes (Redis or the database cache), so a change made in one process is
seen by all.
"""

import uuid

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.request_cache import forget, memoise

VERSION_KEY = "werkgroepen:tree-version"
TREE_CACHE_SECONDS = 300
_MISSING = object()


def tree_version():
    return memoise("tree-cache:version", _read_version)


def _read_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(VERSION_KEY, version, timeout=None):
            version = cache.get(VERSION_KEY) or version
    return version


def bump(*args, **kwargs):
    """Start a new tree version: everything cached before is never read again. Signal receivers call this."""
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    forget()


def cached(key, compute):
    """`compute()` cached under `key` for the current tree version (and memoised for the request)."""

    def read():
        full_key = f"werkgroepen:tree:{tree_version()}:{key}"
        value = cache.get(full_key, _MISSING)
        if value is _MISSING:
            value = compute()
            cache.set(full_key, value, timeout=TREE_CACHE_SECONDS)
        return value

    return memoise(("tree-cache", key), read)


def watch_page_tree(*models):
    """Start a new tree version whenever a row of one of `models` is saved or deleted, and whenever a page is
    published, unpublished or moved. Called from the apps' ``ready()`` with the models whose rows the cache holds
    (pure cache invalidation: nothing else listens to these signals)."""
    for sender in models:
        post_save.connect(bump, sender=sender, dispatch_uid=f"tree-cache-save-{sender._meta.label}")
        post_delete.connect(bump, sender=sender, dispatch_uid=f"tree-cache-delete-{sender._meta.label}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump, dispatch_uid=f"tree-cache-{id(signal)}")
