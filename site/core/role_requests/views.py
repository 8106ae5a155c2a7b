"""Asking for moderator rights for an organisation (seed 002: fill in, check, confirm), and the answers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import ratelimit
from core.role_requests.forms import RoleRequestForm
from core.role_requests.selectors import own_requests, requestable_organisations
from core.role_requests.services import role_request_create


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


def _too_many(request):
    return render(request, "429.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def role_request(request):
    """Ask for moderator rights for an organisation (seed 002: fill in, check, confirm), and see the answers to
    earlier requests."""
    form = RoleRequestForm(request.POST or None, organisations=requestable_organisations())
    if request.method == "POST" and form.is_valid() and "back" not in request.POST:
        if "confirm" not in request.POST:
            # Seed 002: check what you filled in before it goes to the organisation's admins.
            return _private(render(request, "core/role_requests/role_request_review.html", {"form": form}))
        if not ratelimit.allow(scope="role-request", key=request.user.pk, limit=5, period=3600):
            return _too_many(request)
        try:
            role_request_create(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Your request has been sent. The organisation's admins decide and you will hear from us.")
            )
            return redirect("role_request")
    requests = own_requests(request.user)
    response = render(
        request,
        "core/role_requests/role_request.html",
        {"form": form, "requests": requests},
        status=400 if form.errors else 200,
    )
    return _private(response)
