"""The answers every room's views share: the refusal page, ``no-store``, a safe ``next`` address and the rate
limit of member actions. App-level (not a room): any room's views may import it; it imports no room."""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.ratelimit import allow


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


def too_many(request):
    return render(
        request,
        "429.html",
        {"message": _("You did that too often in a short time. Wait a minute and try again.")},
        status=429,
    )
