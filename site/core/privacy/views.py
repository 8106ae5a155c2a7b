""" "Mijn gegevens" (issue 4 §10): ask for an export of everything about you, download it once, or delete your
account."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import ratelimit
from core.privacy import services
from core.privacy.forms import AccountDeleteForm
from core.privacy.selectors import recent_exports


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


def _too_many(request):
    return render(request, "429.html", status=429)


@login_required
@require_GET
def my_data(request):
    """ "Mijn gegevens": ask for an export of everything about you, download it, or delete your account."""
    return _private(render(request, "core/privacy/my_data.html", {"exports": recent_exports(request.user)}))


@login_required
@require_POST
def my_data_export(request):
    if not ratelimit.allow(scope="data-export", key=request.user.pk, limit=3, period=24 * 3600):
        return _too_many(request)
    services.export_request(user=request.user)
    messages.success(request, _("We are preparing your data. You get a notification when it is ready."))
    return redirect("my_data")


@login_required
@require_GET
def my_data_download(request, public_id):
    """The one download of an export: only its owner, once, within 24 hours; otherwise 404."""
    export = services.export_for_download(user=request.user, public_id=public_id)
    if export is None or not export.file:
        raise Http404
    storage, name = export.file.storage, export.file.name
    response = FileResponse(export.file.open("rb"), as_attachment=True, filename="mijn-gegevens.zip")
    # The file goes once it has been sent.
    response._resource_closers.append(lambda: services.export_file_delete(storage=storage, name=name))
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
            services.account_delete(user=request.user)
            logout(request)
            messages.success(request, _("Your account has been deleted. Goodbye!"))
            return redirect("/")
    return _private(
        render(request, "core/privacy/account_delete.html", {"form": form}, status=400 if form.errors else 200)
    )
