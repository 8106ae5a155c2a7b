"""Settings for a real worker process in the outbox crash test and the push mail benchmark: the test settings,
with Django's SMTP backend pointed at the sink the test runs (OUTBOX_SINK_PORT)."""

import os

from config.settings.test import *  # noqa: F403

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ.get("OUTBOX_SINK_PORT", "25"))
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 10
OUTBOX_HANDOVER_GRACE = float(os.environ.get("OUTBOX_HANDOVER_GRACE", "600"))
