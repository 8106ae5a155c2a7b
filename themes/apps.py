from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThemesConfig(AppConfig):
    """The page tree: organisations, themes (working groups) and subthemes."""

    name = "themes"
    label = "wg_themes"
    verbose_name = _("Themes")
    default_auto_field = "django.db.models.BigAutoField"
