from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class CoreConfig(AppConfig):
    """Site-wide code: the User model, roles, site search, the plugin checks, health endpoints."""

    name = "core"
    label = "wg_core"
    verbose_name = _("Werkgroepen core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks)


class WerkgroepenUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens with our user form (display name); used in INSTALLED_APPS instead of wagtail.users."""

    user_viewset = "core.admin_users.UserViewSet"
