"""The answers every room's views share: the refusal page, ``no-store``, a safe ``next`` address and the rate
limit of member actions. App-level (not a room): any room's views may import it; it imports no room."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.ratelimit import allow, usage


def refused(request, error, *, page=None, status=403):
    """The page that says why something was refused (a policy's reason, a service's ``NotAllowed``)."""
    return render(request, "participation/refused.html", {"message": str(error), "page": page}, status=status)


def no_store(response):
    """Keep a personal page out of every cache."""
    patch_cache_control(response, no_store=True, private=True)
    return response


def next_url(request, default):
    """Where to go after a form: its ``next`` when it points to this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def rate_limited(request, scope):
    """Whether the person did `scope` ("post", "reaction", "star", "join") too often lately
    (``PARTICIPATION_RATE_LIMITS``)."""
    limit, period = settings.PARTICIPATION_RATE_LIMITS[scope]
    return not allow(scope=f"participation-{scope}", key=request.user.pk, limit=limit, period=period)


# From how many actions in the window a form says how many are left (a counter from the 8th post of 10).
WARN_FROM = 7


def rate_status(request, scope):
    """``(left, seconds)``: how many more times the person may do `scope` in the current window and how long until
    it starts again; ``None`` while they are far from the limit."""
    limit, period = settings.PARTICIPATION_RATE_LIMITS[scope]
    count, seconds = usage(scope=f"participation-{scope}", key=request.user.pk, period=period)
    if count < min(WARN_FROM, limit - 1):
        return None
    return max(0, limit - count), seconds


def too_many(request, scope=None):
    """The 429 page, saying how long to wait when the `scope` is known."""
    message = _("You did that too often in a short time. Wait a minute and try again.")
    if scope is not None:
        _limit, period = settings.PARTICIPATION_RATE_LIMITS[scope]
        _count, seconds = usage(scope=f"participation-{scope}", key=request.user.pk, period=period)
        message = _("You did that too often in a short time. Wait %(seconds)s seconds and try again.") % {
            "seconds": seconds
        }
    return render(request, "429.html", {"message": message}, status=429)
