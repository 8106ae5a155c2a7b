"""Production: every secret and host from the environment; `manage.py check --deploy` is clean."""

import os
import re

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set to a random value of at least 50 characters.")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# Every link in every e-mail starts with the site's root URL: without it, mail would point at the development
# default (http://127.0.0.1:8000), which nobody who receives it can open.
from urllib.parse import urlsplit  # noqa: E402

_root = urlsplit(os.environ.get("WERKGROEPEN_ROOT_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "")
if _root.scheme != "https" or not _root.hostname or _root.path not in ("", "/") or _root.query or _root.fragment:
    raise ImproperlyConfigured(
        "WERKGROEPEN_ROOT_URL must be the site's root address with https, e.g. https://inspraak.example "
        "(every link in every e-mail starts with it)."
    )
if not any(
    host == _root.hostname or (host.startswith(".") and _root.hostname.endswith(host)) for host in ALLOWED_HOSTS
):
    raise ImproperlyConfigured("The host of WERKGROEPEN_ROOT_URL must be one of DJANGO_ALLOWED_HOSTS.")
WERKGROEPEN_ROOT_URL = WAGTAILADMIN_BASE_URL = f"https://{_root.netloc}"

# Two-step secrets are encrypted with these keys (core/mfa.py, config/mfa_keys.py): no key, no start — never secrets in the clear.
from config.mfa_keys import check_keys  # noqa: E402

WERKGROEPEN_MFA_KEYS = check_keys(env_list("WERKGROEPEN_MFA_KEYS"))

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Who is asking, behind the reverse proxy. Without this every request comes from the proxy's address and the log-in
# rate limits (allauth) and the site's own (core.ratelimit: contact form, invitation links) count everyone as one
# visitor: a few failed log-ins lock out the whole site. Set WERKGROEPEN_TRUSTED_PROXY_COUNT to the number of
# proxies of your own in front of gunicorn (1 for one nginx/Caddy; 2 for a load balancer before it); the client is
# then the address that many places from the right of X-Forwarded-For, where a client cannot write. Or set
# WERKGROEPEN_TRUSTED_CLIENT_IP_HEADER to the header your proxy sets to the client's address (X-Real-IP,
# CF-Connecting-IP). Leave both unset only when gunicorn is reached directly: a forged X-Forwarded-For is then
# ignored. Either way gunicorn must not be reachable around the proxies.
_proxy_count = os.environ.get("WERKGROEPEN_TRUSTED_PROXY_COUNT", "").strip() or "0"
if not re.fullmatch(r"[0-9]{1,2}", _proxy_count):
    raise ImproperlyConfigured("WERKGROEPEN_TRUSTED_PROXY_COUNT must be the number of your own proxies (0, 1, 2, …).")
ALLAUTH_TRUSTED_PROXY_COUNT = int(_proxy_count)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("WERKGROEPEN_TRUSTED_CLIENT_IP_HEADER", "").strip() or None
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "werkgroepen_cache",
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

LOGGING["root"]["level"] = "INFO"  # noqa: F405
