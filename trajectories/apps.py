from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    """Private collaboration spaces (werkruimtes) for youth care (built in the trajectories issue)."""

    name = "trajectories"
    label = "trajectories"
    verbose_name = _("Collaboration spaces")
    default_auto_field = "django.db.models.BigAutoField"
