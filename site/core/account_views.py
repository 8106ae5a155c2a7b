"""Account area pages of issue 4: asking for moderator rights (seed 002) and "Mijn gegevens" (export, deletion)."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import gdpr, ratelimit
from core.account_forms import AccountDeleteForm, RoleRequestForm
from core.models import DataExport, RoleRequest
from core.role_requests import requestable_organisations, role_request_create


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
            return _private(render(request, "core/role_request_review.html", {"form": form}))
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
    requests = RoleRequest.objects.visible_to(request.user).filter(user=request.user).select_related("organisation")
    response = render(
        request,
        "core/role_request.html",
        {"form": form, "requests": requests},
        status=400 if form.errors else 200,
    )
    return _private(response)


@login_required
@require_GET
def my_data(request):
    """ "Mijn gegevens": ask for an export of everything about you, download it, or delete your account."""
    exports = DataExport.objects.visible_to(request.user)[:5]
    return _private(render(request, "core/my_data.html", {"exports": exports}))


@login_required
@require_POST
def my_data_export(request):
    if not ratelimit.allow(scope="data-export", key=request.user.pk, limit=3, period=24 * 3600):
        return _too_many(request)
    gdpr.export_request(user=request.user)
    messages.success(request, _("We are preparing your data. You get a notification when it is ready."))
    return redirect("my_data")


@login_required
@require_GET
def my_data_download(request, public_id):
    """The one download of an export: only its owner, once, within 24 hours; otherwise 404."""
    export = gdpr.export_for_download(user=request.user, public_id=public_id)
    if export is None or not export.file:
        raise Http404
    storage, name = export.file.storage, export.file.name
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename="mijn-gegevens.zip")
    response._resource_closers.append(lambda: storage.delete(name))  # the file goes once it has been sent
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Delete the account after the password is confirmed; posts and reactions stay under "deleted user"."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if not ratelimit.allow(scope="account-delete", key=request.user.pk, limit=5, period=900):
            return _too_many(request)
        if form.is_valid():
            gdpr.account_delete(user=request.user)
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye!"))
            return redirect("/")
    return _private(render(request, "core/account_delete.html", {"form": form}, status=400 if form.errors else 200))
