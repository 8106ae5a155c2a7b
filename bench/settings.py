"""Production-like settings for the benchmarks: DEBUG off, WhiteNoise with hashed and compressed static files,
persistent database connections, the production middleware and templates. Only what needs TLS (secure cookies,
HTTPS redirect, HSTS) is left out, because the benchmark talks plain HTTP to 127.0.0.1.

The database comes from DATABASE_URL (PostgreSQL) or SQLITE_PATH, which bench/theme_listing.py sets to a
database of its own; static files are collected into BENCH_STATIC_ROOT.
"""

import os
from pathlib import Path

from config.mfa_keys import check_keys, derive_key
from config.settings.base import *  # noqa: F403
from config.settings.base import ROOT_DIR, env_list

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "bench-only-" + "x" * 50)
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
WERKGROEPEN_MFA_KEYS = check_keys(env_list("WERKGROEPEN_MFA_KEYS") or [derive_key(SECRET_KEY)])  # core/mfa.py
STATIC_ROOT = Path(os.environ.get("BENCH_STATIC_ROOT", ROOT_DIR / "var" / "bench" / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # the benchmark's users never log in by form
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
