from django.utils.translation import gettext_lazy as _

from config.plugins import PluginConfig


class ConsultationsConfig(PluginConfig):
    name = "werkgroepen_consultations"
    label = "werkgroepen_consultations"  # what an organisation switches on (OrganisationPlugin.plugin): keep it stable
    verbose_name = _("Consultations")
    default_auto_field = "django.db.models.BigAutoField"
    plugin_version = "0.1.0"
    plugin_description = _("Surveys, votes, scenario planning and spatial plans on a theme or project page.")
    werkgroepen_compatibility = ">=0.1,<1"
