from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Site-wide code: the User model, roles, site search, the plugin checks, health endpoints."""

    name = "core"
    label = "wg_core"
    verbose_name = _("Werkgroepen core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks)
