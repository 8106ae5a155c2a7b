"""Test settings: PostgreSQL when DATABASE_URL is set (CI), otherwise a throwaway SQLite file."""

import os

os.environ.setdefault("SQLITE_PATH", ":memory:")

from .base import *  # noqa: E402,F403

DEBUG = False
SECRET_KEY = "test-only-not-secret-werkgroepen"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; production uses Argon2
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WERKGROEPEN_REQUIRE_STAFF_MFA = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
