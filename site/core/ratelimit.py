"""A small fixed-window rate limiter on the cache, for forms allauth does not guard (contact form).

With one process the local-memory cache is enough; with several, production settings point the cache
at Redis or the database so all processes share the counters.
"""

import ipaddress
import time

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, PermissionDenied


def client_ip(request):
    """The address a visitor's requests are counted under, by allauth's rule for its log-in limits, so both
    count the same person the same way (issue 9):

    - ``REMOTE_ADDR`` by default; ``X-Forwarded-For`` is ignored, since anyone can send it;
    - behind the site's own reverse proxies (``ALLAUTH_TRUSTED_PROXY_COUNT`` = n, production reads
      ``WERKGROEPEN_TRUSTED_PROXY_COUNT``), the n-th address from the right of ``X-Forwarded-For``: the one
      the outermost proxy of ours saw; addresses a client wrote in front of it are not read;
    - or the header the proxy sets (``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``, e.g. ``X-Real-IP``);
    - an IPv6 address counts for its /64 network (``ALLAUTH_RATE_LIMIT_IPV6_PREFIX``), one household's or
      server's block, as allauth does.

    A request the rule cannot place (the configured header missing, fewer forwarded addresses than proxies)
    is counted under ``REMOTE_ADDR``.
    """
    try:
        ip = get_adapter(request).get_client_ip(request)
    except (PermissionDenied, ImproperlyConfigured):
        ip = request.META.get("REMOTE_ADDR", "")
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return ip or "unknown"
    if address.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{address}/{prefix}", strict=False).network_address)
    return str(address)


def usage(*, scope, key, period):
    """``(hits so far, seconds until the window ends)`` for (`scope`, `key`), without counting a hit: what a form
    shows before the limit is reached (issue 14 §13)."""
    now = time.time()
    window = int(now // period)
    count = cache.get(f"ratelimit:{scope}:{key}:{window}") or 0
    return count, max(1, int((window + 1) * period - now))


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
