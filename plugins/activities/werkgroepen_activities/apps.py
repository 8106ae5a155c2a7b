from django.utils.translation import gettext_lazy as _

from config.plugins import PluginConfig


class ActivitiesConfig(PluginConfig):
    """The activities plugin (seed 002): what an organisation switches on is ``label``; keep it stable."""

    name = "werkgroepen_activities"
    label = "werkgroepen_activities"
    verbose_name = _("Activities")
    plugin_version = "1.0.0"
    plugin_description = _("Activities to practise Dutch, publication rules, territory moderation and UiT import.")
    werkgroepen_compatibility = ">=0.1,<1"
    default_auto_field = "django.db.models.BigAutoField"
