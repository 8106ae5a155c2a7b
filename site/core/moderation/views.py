"""The moderators' way in: "To moderate" opens the first queue with work in it."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from core.moderation.policies import shows_moderation
from core.moderation.selectors import moderation_queues


def index(request):
    """The first queue with work in it for the person (in the order the queues are registered), else the first."""
    if not shows_moderation(request.user):
        raise PermissionDenied
    rows, _total = moderation_queues(request.user)
    if not rows:
        raise Http404
    return redirect(next((row["url"] for row in rows if row["count"]), rows[0]["url"]))
