from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.accounts import profile_update
from core.forms import ProfileForm
from core.models import User
from core.search import site_search


@require_GET
def search(request):
    results = site_search(request.GET.get("q", ""), request.user)
    return render(request, "core/search.html", {"results": results, "query": results.query})


@login_required
def profile(request):
    """A person's own profile: display name (public), full name (private), the themes they came for."""
    # A fresh copy: validating a ModelForm writes into its instance, and the header shows request.user.
    account = User.objects.get(pk=request.user.pk)
    form = ProfileForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            profile_update(
                user=account,
                display_name=form.cleaned_data["display_name"],
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                interested_themes=form.cleaned_data["interested_themes"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("profile")
    return render(request, "core/profile.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
def healthz(request):
    """The process answers (liveness)."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
def readyz(request):
    """The database answers (readiness)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means not ready
        return JsonResponse({"database": "unavailable"}, status=503)
    return JsonResponse({"database": "ok"})
