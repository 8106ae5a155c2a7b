"""WSGI entry point: `gunicorn --chdir site config.wsgi` (or with site/ on PYTHONPATH)."""

import os

from django.core.wsgi import get_wsgi_application

from config import paths  # noqa: F401  (puts the apps on sys.path)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()
