"""The notification centre, notification settings and the one-click unsubscribe of every e-mail and digest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.accounts.models import User
from core.ids import id_from
from core.notifications import services
from core.notifications.forms import AddressForm, SettingsForm
from core.notifications.selectors import (
    centre_page,
    extra_addresses,
    notification_types,
    own_notification,
    unread_count,
)
from core.notifications.tokens import read_digest_unsubscribe_token, read_unsubscribe_token


def _back_on_this_site(request, *, default):
    """The page the form was sent from, when it is a page of this site (over HTTPS when this request is); any
    other Referer (another site, ``javascript:``, ``//host``) goes to `default` instead (issue 9 hole 10)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return default


def _private(response):
    patch_cache_control(response, no_store=True, private=True)
    return response


@login_required
def notification_centre(request):
    """The person's notifications, newest first, without those about what they may no longer see."""
    notifications, more = centre_page(request.user, before=id_from(request.GET.get("voor")))
    unread = {n.pk for n in notifications if n.read_at is None}
    # Unread ones beyond this page (older pages) are read at once with "alles gelezen".
    unread_elsewhere = unread_count(request.user) - len(unread)
    response = render(
        request,
        "core/notifications/notifications.html",
        {"notifications": notifications, "more": more, "unread_ids": unread, "unread_elsewhere": unread_elsewhere},
    )
    if unread:  # opening the centre reads what it shows
        services.notifications_mark_read(user=request.user, notifications=notifications)
    return _private(response)


@login_required
@require_POST
def notifications_all_read(request):
    """ "Alles gelezen": mark every notification of the person read, then back to the centre."""
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("All your notifications are marked as read.") if count else _("Nothing was unread."))
    return redirect("notification_centre")


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = own_notification(request.user, pk)
    if notification is None:
        raise Http404
    services.notification_open(user=request.user, notification=notification)
    return redirect(notification.url or "notification_centre")


@login_required
def notification_settings(request):
    user = request.user
    form = SettingsForm(request.POST or None, user=user)
    if request.method == "POST" and "save" in request.POST and form.is_valid():
        services.frequencies_save(
            user=user, frequencies={kind.code: form.cleaned_data[kind.code] for kind in form.types}
        )
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    context = {"form": form, "addresses": extra_addresses(user), "address_form": AddressForm()}
    return _private(
        render(request, "core/notifications/notification_settings.html", context, status=400 if form.errors else 200)
    )


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session; the token is the key
def notification_unsubscribe(request, token):
    found = read_unsubscribe_token(token)
    if not found:
        raise Http404
    user_id, code = found
    user = User.objects.filter(pk=user_id, is_active=True).first()
    kinds = notification_types()
    if user is None or code not in kinds:
        raise Http404
    done = request.method == "POST"
    if done:
        services.switch_off(user=user, codes=[code])
    return _private(render(request, "core/notifications/unsubscribed.html", {"label": kinds[code].label, "done": done}))


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" without a session; the signed token is the key
def digest_unsubscribe(request, token):
    """The one-click unsubscribe of a daily or weekly digest (RFC 8058): switches off the kinds of notification the
    digest held."""
    found = read_digest_unsubscribe_token(token)
    if not found:
        raise Http404
    user_id, codes = found
    kinds = notification_types()
    codes = [code for code in codes if code in kinds]
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not codes:
        raise Http404
    label = ", ".join(str(kinds[code].label) for code in codes)
    done = request.method == "POST"
    if done:
        services.switch_off(user=user, codes=codes)
    return _private(render(request, "core/notifications/unsubscribed.html", {"label": label, "done": done}))


@login_required
@require_POST
def notification_address_add(request):
    form = AddressForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", [])))
        return HttpResponseRedirect(_back_on_this_site(request, default=reverse("notification_settings")))
    services.address_add(user=request.user, email=form.cleaned_data["email"])
    messages.success(request, _("We sent a confirmation link to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("notification_settings")


@login_required
def notification_address_confirm(request, token):
    address = services.address_confirm(user=request.user, token=token)
    if address is None:
        raise Http404
    messages.success(request, _("%(email)s now receives your moderation notifications.") % {"email": address.email})
    return redirect("notification_settings")


@login_required
@require_POST
def notification_address_remove(request, pk):
    if not services.address_remove(user=request.user, pk=pk):
        raise Http404
    messages.success(request, _("The address was removed."))
    return redirect("notification_settings")
