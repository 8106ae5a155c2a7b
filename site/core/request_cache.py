"""A memo that lives for one request: facts read many times while a page renders (hidden page paths, a
person's roles and memberships) are read from the database once.

Outside a request (services, management commands, tests calling functions directly) nothing is memoised,
so a caller never sees stale data. Services that change what is memoised call :func:`forget`.
"""

from contextvars import ContextVar

_store: ContextVar[dict | None] = ContextVar("werkgroepen_request_cache", default=None)


def memoise(key, compute):
    """`compute()`, once per request for `key`."""
    store = _store.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = compute()
    return store[key]


def forget():
    """Drop everything memoised in this request (after a write that changes it)."""
    store = _store.get()
    if store is not None:
        store.clear()


class RequestCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _store.set({})
        try:
            return self.get_response(request)
        finally:
            _store.reset(token)
