"""Local development: `make run` serves these on SQLite with demo content."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_bool, env_list

DEBUG = True
SECRET_KEY = "dev-only-not-secret-werkgroepen"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INTERNAL_IPS = ["127.0.0.1"]

# Mail goes to files in var/mail unless EMAIL_HOST is set (the demo prints where to look).
import os  # noqa: E402

if not os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"

WERKGROEPEN_REQUIRE_STAFF_MFA = env_bool("WERKGROEPEN_REQUIRE_STAFF_MFA", False)

# Two-step secrets: a key derived from the (public) development SECRET_KEY unless one is given (core/mfa.py, config/mfa_keys.py).
from config.mfa_keys import check_keys, derive_key  # noqa: E402

WERKGROEPEN_MFA_KEYS = check_keys(env_list("WERKGROEPEN_MFA_KEYS") or [derive_key(SECRET_KEY)])
