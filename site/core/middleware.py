"""Security middleware: the CSP split between public site and admin, MFA for staff, ids a database can hold."""

from urllib.parse import urlparse

from allauth.mfa.models import Authenticator
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.cache import patch_cache_control
from django.utils.encoding import uri_to_iri
from django.utils.translation import gettext as _
from wagtail.contrib.redirects import middleware as wagtail_redirects
from wagtail.contrib.redirects.models import Redirect

from core.ids import id_from, out_of_range

ADMIN_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-inline'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'self'"],
}


class WerkgroepenCSPMiddleware(CSPMiddleware):
    """The strict policy of settings on the public site; the Wagtail admin needs inline script."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.WERKGROEPEN_ADMIN_CSP_PREFIXES):
            parts.replace = {**(parts.replace or {}), **ADMIN_POLICY}
        return parts


def user_needs_mfa(user):
    """Staff (anyone who may open the admin) must have an authenticator app when the setting says so (SEC-11)."""
    if not getattr(settings, "WERKGROEPEN_REQUIRE_STAFF_MFA", False) or not user.is_authenticated:
        return False
    # The authenticator first: it settles it for everyone who has one (all staff, once set up), where the permission
    # check reads every permission of the person and their groups. The person of a request was read with it
    # (core.accounts.backends); anyone else costs one small query.
    has_totp = getattr(user, "has_totp", None)
    if has_totp is None:
        has_totp = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    if has_totp:
        return False
    return user.is_staff or user.is_superuser or user.has_perm("wagtailadmin.access_admin")


# The admin's own log-in forms would skip allauth's second step and its rate limits: they hand over to allauth.
ADMIN_LOGIN_URL_NAMES = ("wagtailadmin_login", "admin:login")


class StaffMFAMiddleware:
    """Keeps the administration behind two-step verification.

    - The Wagtail and Django admin log-in pages redirect to allauth's log-in, which asks for the authenticator
      code of everyone who has one and applies the log-in rate limits.
    - Staff without an authenticator app are sent to the MFA set-up page before the admin opens, when
      ``WERKGROEPEN_REQUIRE_STAFF_MFA`` is true. Members who are not staff are not affected.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(settings.WERKGROEPEN_ADMIN_CSP_PREFIXES):
            if self._is_admin_login(path):
                if request.user.is_authenticated and not request.user.has_perm("wagtailadmin.access_admin"):
                    # Logged in without a role in the administration: say so (the log-in would send them back
                    # to the admin, which sends them to the log-in again).
                    return render(request, "admin_refused.html", status=403)
                return redirect_to_login(request.GET.get("next") or "/admin/", login_url=reverse("account_login"))
            if user_needs_mfa(request.user):
                messages.warning(request, _("Set up two-step verification before you open the administration."))
                return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _is_admin_login(path):
        try:
            match = resolve(path)
        except Resolver404:
            return False
        return match.view_name in ADMIN_LOGIN_URL_NAMES


# Wagtail admin views that hand an id from the query string to int() or the ORM unchecked (``?id=²`` answered 500).
ID_QUERY_PARAMETERS = {
    "wagtailadmin_api:pages:find": "id",
    "wagtailadmin_api:images:find": "id",
    "wagtailadmin_api:documents:find": "id",
    "wagtailadmin_choose_page_chosen_multiple": "id",
}


class BadInputMiddleware:
    """Input no page can use is dealt with before any view runs, for every URL of the site (Wagtail's and the
    Django admin, allauth and plugins included), instead of failing in the database with a 500 (issue 9):

    - a URL whose parts hold a number no database id can have (2**63 and beyond, :mod:`core.ids`) or a NUL byte
      is a page that does not exist: 404, as for any missing id. Every argument the resolver hands a view is
      checked: ``<int:…>`` values and text written as a whole number (``<str:pk>``, ``<path:object_id>``);
    - a NUL byte cannot be typed, and PostgreSQL can neither store nor compare text that holds one, while views
      read many parameters themselves: in a query parameter (a search, a filter) it reads as a space, so
      ``a\x00b`` searches for two words; a posted form field holding one is a bad request (400), since what a
      form stores must be what was sent;
    - the ``id`` of the Wagtail views in ``ID_QUERY_PARAMETERS`` must be an id (404 otherwise).

    Ids in forms and other query parameters are covered by the lookups of :mod:`core.ids`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for value in (*view_args, *view_kwargs.values()):
            if out_of_range(value) or (isinstance(value, str) and "\x00" in value):
                raise Http404
        if _holds_nul(request.GET):
            request.GET = _without_nul(request.GET)
        if request.method == "POST" and _holds_nul(_form_data(request)):
            return render(request, "400.html", status=400)
        name = ID_QUERY_PARAMETERS.get(getattr(request.resolver_match, "view_name", None))
        if name and any(id_from(value) is None for value in request.GET.getlist(name)):
            raise Http404
        return None


def _form_data(request):
    """The posted form fields (not JSON or other bodies: views that take those parse them themselves)."""
    if request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
        return request.POST
    return {}


def _holds_nul(data):
    return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


def _without_nul(query):
    cleaned = QueryDict(mutable=True)
    for key in query:
        cleaned.setlist(key.replace("\x00", " "), [value.replace("\x00", " ") for value in query.getlist(key)])
    cleaned._mutable = False
    return cleaned


class PrivatePagesMiddleware:
    """Every response under ``WERKGROEPEN_PRIVATE_PREFIXES`` (a person's account, notifications, "Mijn gegevens",
    two-step set-up and recovery codes, invitations, the spaces) carries ``Cache-Control: private, no-store``:
    no browser history, shared computer or proxy keeps a copy (SEC-19, issue 9 hole 10). One rule for the whole
    path, so pages allauth, a plugin or a new view add there need not remember it; redirects and error pages
    included.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.WERKGROEPEN_PRIVATE_PREFIXES):
            patch_cache_control(response, private=True, no_store=True)
        return response


class RedirectMiddleware(wagtail_redirects.RedirectMiddleware):
    """Wagtail's redirects, looked up only when one could match.

    For every 404, Wagtail finds the request's site (a query that builds the site and its root page) and then asks
    for a redirect of that site up to four times (the path decoded and as sent, with and without its query). Most
    404s have no redirect at all: a missing post, a space someone may not open, an id in the administration. One
    query on ``old_path`` over all sites now says whether any redirect could match, and only then does Wagtail's
    lookup run, with the same outcome as before (tests/core/test_redirects.py).
    """

    def process_response(self, request, response):
        if response.status_code != 404 or not _a_redirect_could_match(request):
            return response
        return super().process_response(request, response)


def _a_redirect_could_match(request):
    """Whether a redirect of any site has one of the paths Wagtail's lookup would try."""
    path = Redirect.normalise_path(request.get_full_path(), decode_unicode=False)
    candidates = set()
    for encoded in (path, urlparse(path).path):
        candidates.update((encoded, uri_to_iri(encoded)))
    candidates = [candidate for candidate in candidates if "\x00" not in candidate]  # Wagtail skips these too
    return bool(candidates) and Redirect.objects.filter(old_path__in=candidates).exists()
