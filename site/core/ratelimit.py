"""A small fixed-window rate limiter on the cache, for forms allauth does not guard (contact form).

With one process the local-memory cache is enough; with several, production settings point the cache
at Redis or the database so all processes share the counters.
"""

import time

from django.core.cache import cache


def client_ip(request):
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(*, scope, key, limit, period):
    """Count one hit for (`scope`, `key`); return False when more than `limit` hits fall in `period` seconds."""
    window = int(time.time() // period)
    cache_key = f"ratelimit:{scope}:{key}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        count = 1
    return count <= limit
