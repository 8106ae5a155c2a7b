from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    """The page tree: organisations, themes (working groups) and subthemes."""

    name = "themes"
    label = "wg_themes"
    verbose_name = _("Themes")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: the models exist only once the app registry is ready.
        from core.tree_cache import watch_page_tree
        from themes.models import (
            Category,
            FilterGroup,
            FilterOption,
            MemberOrganisation,
            OrganisationPlugin,
            ThemeMemberOrganisation,
        )

        # Rows edited with the pages or shown on them are part of the tree cache (pure cache invalidation).
        watch_page_tree(
            Category, FilterGroup, FilterOption, ThemeMemberOrganisation, MemberOrganisation, OrganisationPlugin
        )
