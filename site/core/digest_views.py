"""The one-click unsubscribe of a daily or weekly digest (RFC 8058): switches off the kinds of notification the
digest held."""

from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt

from core.digests import read_unsubscribe_token
from core.models import Frequency, User
from core.notifications import notification_types, set_frequency


@csrf_exempt  # mail clients POST "List-Unsubscribe=One-Click" without a session; the signed token is the key
def digest_unsubscribe(request, token):
    found = read_unsubscribe_token(token)
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
        with transaction.atomic():
            for code in codes:
                set_frequency(user=user, code=code, frequency=Frequency.OFF)
    response = render(request, "core/unsubscribed.html", {"label": label, "done": done})
    patch_cache_control(response, no_store=True, private=True)
    return response
