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
        # Imported here, not at the top: these modules use the app registry, which is ready only now.
        from django.apps import apps
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site

        from core import checks  # noqa: F401  (registers the system checks)
        from core.choosers import register_people_fields
        from core.ids import register_lookups
        from core.tree_cache import watch_page_tree

        register_lookups()
        register_people_fields()
        # Pages (every Page subclass) and Wagtail's rows shown with them are part of what core.tree_cache keeps;
        # the apps add their own (e.g. themes' categories) from their own ready().
        watch_page_tree(
            *[model for model in apps.get_models() if issubclass(model, Page)],
            PageViewRestriction,
            Site,
            get_image_model(),
        )


class WerkgroepenUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens with our user form (display name); used in INSTALLED_APPS instead of wagtail.users."""

    user_viewset = "core.accounts.admin.UserViewSet"
