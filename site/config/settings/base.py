"""Settings shared by every environment. Secrets and hosts come from the environment in production."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

from config.plugins import discover_plugins

ROOT_DIR = Path(__file__).resolve().parent.parent.parent.parent  # the repository
SITE_DIR = ROOT_DIR / "site"
VAR_DIR = Path(os.environ.get("WERKGROEPEN_VAR_DIR", ROOT_DIR / "var"))


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

# --- Applications -------------------------------------------------------------------------------

CORE_APPS = [
    "core.apps.CoreConfig",
    "themes.apps.ThemesConfig",
    "participation.apps.ParticipationConfig",
    "trajectories.apps.TrajectoriesConfig",
]

THIRD_PARTY_APPS = [
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "core.apps.WerkgroepenUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django_htmx",
    # No django.contrib.admin: its screens could give any account a new address and show two-step secrets, and no
    # installed package needs it (Wagtail imports only its helper modules, which work without the app).
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

# Plugins: installed distributions that declare an entry point in the group `werkgroepen.plugins`,
# minus the ones named in WERKGROEPEN_PLUGINS_EXCLUDE (comma-separated entry-point names or app modules).
# The test suite's dummy plugin (tests/plugins/dummy_plugin, installed by `make setup`) is left out
# everywhere but in the test settings; set the variable to an empty string to exclude nothing.
WERKGROEPEN_PLUGINS_EXCLUDE = env_list("WERKGROEPEN_PLUGINS_EXCLUDE", "dummy")
WERKGROEPEN_PLUGINS = discover_plugins(exclude=WERKGROEPEN_PLUGINS_EXCLUDE)

INSTALLED_APPS = CORE_APPS + WERKGROEPEN_PLUGINS + THIRD_PARTY_APPS

MIDDLEWARE = [
    "core.request_cache.RequestCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.PrivatePagesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.middleware.BadInputMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.middleware.WerkgroepenCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.middleware.StaffMFAMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "core.middleware.RedirectMiddleware",  # Wagtail's, asked only when a redirect could match
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [ROOT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.site_context",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite (WAL, IMMEDIATE transactions) by default; PostgreSQL when DATABASE_URL is set.


def database_from_url(url, *, prepared=True):
    """The database `url` names (DATABASE_URL). On PostgreSQL parameters travel apart from the statement
    (server-side binding), so a statement a connection has sent five times is prepared once and PostgreSQL stops
    parsing and planning it again (psycopg's prepare_threshold): the test suite's PostgreSQL CPU fell from 104 s to
    85 s. A pooler in transaction mode (PgBouncer before 1.21) cannot keep prepared statements: DATABASE_PREPARED=0
    (`prepared=False`) behind one."""
    database = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    if database["ENGINE"] == "django.db.backends.postgresql" and prepared:
        database.setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=5)
    return database


DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL, prepared=env_bool("DATABASE_PREPARED", True))}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -----------------------------------------------------------------------------------

AUTH_USER_MODEL = "wg_core.User"

# Django's and allauth's backends, reading the person of a request and their permissions in fewer queries
# (core/accounts/backends.py).
AUTHENTICATION_BACKENDS = [
    "core.accounts.backends.ModelBackend",
    "core.accounts.backends.AuthenticationBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "core.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 1  # SEC-10: links live at most 24 hours
PASSWORD_RESET_TIMEOUT = 24 * 60 * 60  # allauth's reset links use Django's token generator (SEC-10)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True  # SEC-11: confirm the password again before changing e-mail
ACCOUNT_SIGNUP_FORM_CLASS = "core.accounts.forms.SignupForm"
ACCOUNT_ADAPTER = "core.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Werkgroepen] "
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/15m/key",  # SEC-10: 5 failures per address lock it for 15 minutes
    "signup": "20/m/ip,100/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Werkgroepen"
MFA_TOTP_TOLERANCE = 1  # accept the previous and next 30-second code: phone clocks drift
# Two-step secrets and recovery-code seeds are encrypted at rest (core/mfa.py). WERKGROEPEN_MFA_KEYS is a
# comma-separated list of Fernet keys: the first encrypts, every one decrypts. To rotate: put a new key first, run
# `manage.py rotate_mfa_keys`, then remove the old key. Production refuses to start without a key; development and
# tests derive one from SECRET_KEY (dev.py, test.py). A key that is not a Fernet key stops start-up.
MFA_ADAPTER = "core.mfa.MFAAdapter"
MFA_FORMS = {"activate_totp": "core.accounts.two_step.ActivateTOTPForm"}  # the code field in the site's words
WERKGROEPEN_MFA_KEYS = env_list("WERKGROEPEN_MFA_KEYS")
# When true, staff (anyone who may open the Wagtail admin) must set up MFA before they can use it.
WERKGROEPEN_REQUIRE_STAFF_MFA = env_bool("WERKGROEPEN_REQUIRE_STAFF_MFA", True)

# --- Internationalisation: Dutch (Belgium) first, English second ---------------------------------

LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [ROOT_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("nl-be", _("Dutch"))]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nl", "Nederlands"), ("en", "English")]

# --- Static and media ---------------------------------------------------------------------------

STATICFILES_DIRS = [ROOT_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_PERMISSIONS = 0o640

# --- Wagtail ------------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Werkgroepen"
# No avatars from gravatar.com: the admin CSP refuses them, and the hash of every address would leave the site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The site's root URL: every link in every e-mail (and feed) starts with it (core.links.absolute), and Wagtail's
# own mails use it too. `make run` sets it from HOST and PORT; production refuses to start without it.
WERKGROEPEN_ROOT_URL = (
    os.environ.get("WERKGROEPEN_ROOT_URL") or os.environ.get("WAGTAILADMIN_BASE_URL") or "http://127.0.0.1:8000"
).rstrip("/")
WAGTAILADMIN_BASE_URL = WERKGROEPEN_ROOT_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "odt", "ods", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAIL_ALLOW_UNICODE_SLUGS = False
# Addresses and passwords change only through allauth: a new address must be confirmed from that address and the
# old one is told; a password change is announced by e-mail. Wagtail's own account forms would skip all of that.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False  # password resets go through allauth
WAGTAILUSERS_PASSWORD_ENABLED = False  # no administrator sets or sees anyone's password

# --- Mail ---------------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Werkgroepen <noreply@werkgroepen.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20

# Invitation links (core.invitations) work once, for this many days (issue 4 §8).
INVITATION_DAYS = int(os.environ.get("WERKGROEPEN_INVITATION_DAYS", "7"))

# Collaboration spaces (trajectories): video-call rooms of appointments, and the files of documents — kept
# outside MEDIA_ROOT, served only through the view that checks visible_to.
JITSI_BASE_URL = os.environ.get("WERKGROEPEN_JITSI_BASE_URL", "https://meet.jit.si")
TRAJECTORY_FILES_ROOT = Path(os.environ.get("WERKGROEPEN_TRAJECTORY_FILES_ROOT", VAR_DIR / "werkruimte-bestanden"))
# DejaVu Sans for the PDF overview of an export (`make vendor` fetches it); without it the PDF uses the built-in fonts.
WERKGROEPEN_PDF_FONT_DIR = Path(os.environ.get("WERKGROEPEN_PDF_FONT_DIR", ROOT_DIR / "static" / "vendor" / "dejavu"))

# Retention of what is written in the collaboration spaces (issue 13 §9, SEC-18): per kind of data, the days it is
# kept (counted from its last change; for closed spaces from the closing; for the care record from the moment it was
# restricted). Each organisation sets its own periods within these limits (organisation page → Settings);
# ``manage.py apply_retention`` deletes what expired. The minimums keep what the law asks: the access log
# (NEN 7513) and a care organisation's record for years.
WERKGROEPEN_RETENTION_LIMITS = {
    "logbook": {"min": 90, "max": 3650, "default": 1825},
    "messages": {"min": 30, "max": 3650, "default": 730},
    "documents": {"min": 90, "max": 3650, "default": 1825},
    "access_log": {"min": 1825, "max": 10950, "default": 1825},
    "closed_spaces": {"min": 30, "max": 10950, "default": 1825},
    "care_record": {"min": 3650, "max": 10950, "default": 7300},
}

# --- Background work ----------------------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Cache (rate limits, allauth) ---------------------------------------------------------------

# Django's default of 300 entries is too few: image renditions, the tree cache (core.tree_cache) and sessions
# share it, and a full cache evicts what every page needs.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "werkgroepen",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    }
}

# --- Security -----------------------------------------------------------------------------------

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"  # the session row is read from the cache
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Strict policy on the public site: no inline script, styles only from us or with the request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],  # django-csp 4 adds the request nonce only for this sentinel
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin uses inline scripts and styles of its own; it gets a looser policy there. (The Django admin is
# not mounted: it could give any account a new address and read two-step secrets.)
WERKGROEPEN_ADMIN_CSP_PREFIXES = ("/admin/",)
# Pages of one person (account, notifications, personal data, invitations, the spaces): never cached, by anyone
# (core.middleware.PrivatePagesMiddleware, SEC-19).
WERKGROEPEN_PRIVATE_PREFIXES = ("/account/", "/uitnodiging/", "/werkruimte/")

# --- Werkgroepen --------------------------------------------------------------------------------

CONTACT_MESSAGE_MAX_LENGTH = 5000
CONTACT_RATE_LIMIT = (5, 600)  # messages per IP per seconds
ORGANISATION_LOGO_MAX_BYTES = 2 * 1024 * 1024
PARTICIPATION_ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024  # per file (SEC-07)
PARTICIPATION_MAX_ATTACHMENTS = 5  # per post or reaction
PARTICIPATION_PAGE_SIZE = 20  # posts per "meer laden"
# Per member: (number, seconds). Exceeding answers 429 and writes nothing (SEC-13).
PARTICIPATION_RATE_LIMITS = {"post": (10, 60), "reaction": (60, 60), "star": (120, 60), "join": (20, 60)}
DEMO_PASSWORD = os.environ.get("WERKGROEPEN_DEMO_PASSWORD", "werkgroepen-demo")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"werkgroepen": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
