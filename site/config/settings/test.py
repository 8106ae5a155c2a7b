"""Test settings: PostgreSQL when DATABASE_URL is set (CI), otherwise a throwaway SQLite file."""

import os

os.environ.setdefault("SQLITE_PATH", ":memory:")

from .base import *  # noqa: E402,F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-werkgroepen"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production uses Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once (django-tasks' immediate backend), except Wagtail's search-index and reference-index updates,
# which wait for the next statement that reads an index, as in the worker after the request (tests/fixtures/deferred_index.py).
TASKS = {"default": {"BACKEND": "tests.fixtures.deferred_index.DeferredIndexBackend"}}
WERKGROEPEN_REQUIRE_STAFF_MFA = True
# Two-step secrets: a key derived from the test SECRET_KEY unless one is given (core/mfa.py, config/mfa_keys.py).
from config.mfa_keys import check_keys, derive_key  # noqa: E402

WERKGROEPEN_MFA_KEYS = check_keys(env_list("WERKGROEPEN_MFA_KEYS") or [derive_key(SECRET_KEY)])  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the app and project folders (no collectstatic in tests), looked up per request,
# so pages fetched in tests and by the browser tests load the real site CSS.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The dummy plugin (tests/plugins/dummy_plugin) implements every hook; the plugin tests need it installed.
WERKGROEPEN_PLUGINS_EXCLUDE = [
    name for name in WERKGROEPEN_PLUGINS_EXCLUDE if name not in {"dummy", "werkgroepen_dummy"}
]
WERKGROEPEN_PLUGINS = discover_plugins(exclude=WERKGROEPEN_PLUGINS_EXCLUDE)
INSTALLED_APPS = CORE_APPS + WERKGROEPEN_PLUGINS + THIRD_PARTY_APPS
