from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    """Private collaboration spaces (werkruimtes) for youth care: participants, regie, per-item audiences, the plan,
    the logbook and the access log. Later modules of the app and plugins add item kinds (trajectories.registry)
    and tools (the ``register_trajectory_tool`` hook)."""

    name = "trajectories"
    label = "trajectories"
    verbose_name = _("Collaboration spaces")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from trajectories import kinds, kinds_tools
        from trajectories.registry import check_registry

        kinds.register()
        kinds_tools.register()
        from trajectories.messaging import setup as messaging_setup
        from trajectories.network import setup as network_setup

        messaging_setup.register()  # Berichten (trajectories/messaging/)
        network_setup.register()  # Netwerk (trajectories/network/)
        checks.register(check_registry, "trajectories")
        from trajectories import account_events

        account_events.connect()  # log-ins after a password reset or a new address reach the access log
        connect_cache_invalidation()


def connect_cache_invalidation():
    """The header's "Mijn werkruimtes" is cached per person (trajectories.selectors.takes_part_anywhere): any change
    to one of their participant rows (invited, accepted, removed, contact ban, erased) drops it. A cache, not
    business logic: every write path, services and test factories alike, must keep it true."""
    from django.db.models.signals import post_delete, post_save

    from trajectories.models import Participant
    from trajectories.selectors import forget_takes_part

    def forget(sender, instance, **kwargs):
        forget_takes_part(instance.user_id)

    post_save.connect(forget, sender=Participant, dispatch_uid="trajectories-takes-part-save", weak=False)
    post_delete.connect(forget, sender=Participant, dispatch_uid="trajectories-takes-part-delete", weak=False)
