"""The notification centre, notification settings and the one-click unsubscribe of every e-mail."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from core.ids import id_from
from core.models import Frequency, Notification, NotificationAddress, User  # noqa: F401
from core.notifications import (
    notification_types,
    read_unsubscribe_token,
    set_frequency,
    still_visible,
)

PAGE_SIZE = 30


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
    rows = Notification.objects.filter(recipient=request.user).order_by("-id")
    before = id_from(request.GET.get("voor"))
    if before is not None:
        rows = rows.filter(pk__lt=before)
    page = list(rows[: PAGE_SIZE + 1])
    more = page[PAGE_SIZE - 1].pk if len(page) > PAGE_SIZE else None
    notifications = still_visible(request.user, page[:PAGE_SIZE])
    unread = [n.pk for n in notifications if n.read_at is None]
    response = render(
        request,
        "core/notifications.html",
        {"notifications": notifications, "more": more, "unread_ids": set(unread)},
    )
    if unread:  # opening the centre reads what it shows
        Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return _private(response)


@login_required
@require_POST
def notification_open(request, pk):
    """Mark one notification read and go to what it is about."""
    notification = Notification.objects.filter(recipient=request.user, pk=pk).first()
    if notification is None or not still_visible(request.user, [notification]):
        raise Http404
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect(notification.url or "notification_centre")


class SettingsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = sorted(notification_types().values(), key=lambda kind: str(kind.label))
        chosen = dict(user.notification_preferences.values_list("type", "frequency"))
        for kind in self.types:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=chosen.get(kind.code, kind.default_frequency),
                widget=forms.RadioSelect,
            )


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Extra e-mail address"),
        help_text=gettext_lazy("It receives your moderation notifications too, once you confirm it."),
    )


@login_required
def notification_settings(request):
    user = request.user
    form = SettingsForm(request.POST or None, user=user)
    if request.method == "POST" and "save" in request.POST and form.is_valid():
        with transaction.atomic():
            for kind in form.types:
                set_frequency(user=user, code=kind.code, frequency=form.cleaned_data[kind.code])
        messages.success(request, _("Your notification settings are saved."))
        return redirect("notification_settings")
    context = {"form": form, "addresses": user.notification_addresses.order_by("email"), "address_form": AddressForm()}
    return _private(render(request, "core/notification_settings.html", context, status=400 if form.errors else 200))


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
    if request.method == "POST":
        set_frequency(user=user, code=code, frequency=Frequency.OFF)
        return _private(render(request, "core/unsubscribed.html", {"label": kinds[code].label, "done": True}))
    return _private(render(request, "core/unsubscribed.html", {"label": kinds[code].label, "done": False}))


@login_required
@require_POST
def notification_address_add(request):
    form = AddressForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("email", [])))
        return HttpResponseRedirect(_back_on_this_site(request, default=reverse("notification_settings")))
    from core.notifications import address_add

    address_add(user=request.user, email=form.cleaned_data["email"])
    messages.success(request, _("We sent a confirmation link to %(email)s.") % {"email": form.cleaned_data["email"]})
    return redirect("notification_settings")


@login_required
def notification_address_confirm(request, token):
    from core.notifications import address_confirm

    address = address_confirm(user=request.user, token=token)
    if address is None:
        raise Http404
    messages.success(request, _("%(email)s now receives your moderation notifications.") % {"email": address.email})
    return redirect("notification_settings")


@login_required
@require_POST
def notification_address_remove(request, pk):
    deleted, _rows = NotificationAddress.objects.filter(user=request.user, pk=pk).delete()
    if not deleted:
        raise Http404
    messages.success(request, _("The address was removed."))
    return redirect("notification_settings")
