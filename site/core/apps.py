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
        from core.admin_people import register_people_fields
        from core.ids import register_lookups

        register_lookups()
        connect_tree_cache()
        register_people_fields()


# Models whose rows are part of what core.tree_cache keeps: pages (every Page subclass) and what is edited with
# them or shown on them. A save or delete of any of them starts a new tree version.
TREE_MODELS = (
    "wagtailcore.PageViewRestriction",
    "wagtailcore.Site",
    "wg_themes.Category",
    "wg_themes.FilterGroup",
    "wg_themes.FilterOption",
    "wg_themes.ThemeMemberOrganisation",
    "wg_themes.MemberOrganisation",
    "wg_themes.OrganisationPlugin",
    "wagtailimages.Image",
)


def connect_tree_cache():
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from core.tree_cache import bump

    senders = [model for model in apps.get_models() if issubclass(model, Page)]
    senders += [apps.get_model(label) for label in TREE_MODELS]
    for sender in senders:
        post_save.connect(bump, sender=sender, dispatch_uid=f"tree-cache-save-{sender._meta.label}")
        post_delete.connect(bump, sender=sender, dispatch_uid=f"tree-cache-delete-{sender._meta.label}")
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump, dispatch_uid=f"tree-cache-{id(signal)}")


class WerkgroepenUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user screens with our user form (display name); used in INSTALLED_APPS instead of wagtail.users."""

    user_viewset = "core.admin_users.UserViewSet"
