"""A cache of facts about the page tree that every page view reads and editors rarely change: which pages are
hidden, the furniture of a theme (categories, filter groups, member organisations, subthemes), an organisation's
switched-on plugins, whether any Wagtail view restriction exists.

Every entry is stored under the current *tree version*. Any save or delete of a page, of the rows edited inline
with a page (categories, filters, member organisations, plugin switches), of a member organisation fiche or of a
view restriction starts a new version (signal handlers in :mod:`core.apps`), so nothing stale is ever read after
a change. Entries also expire after ``TREE_CACHE_SECONDS`` as a safety net for changes made outside the ORM's
signals (``QuerySet.update``, another process with its own local-memory cache). Inside a request each value is
also memoised, so one page view reads the cache once per key.

Production shares the cache between processes (Redis or the database cache), so a change made in one process is
seen by all.
"""

import uuid

from django.core.cache import cache

from core.request_cache import memoise

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
    from core.request_cache import forget

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
