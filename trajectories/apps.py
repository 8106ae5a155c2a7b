from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    """Private collaboration spaces (werkruimtes) for youth care: one room per part (see ``trajectories/__init__``).
    Rooms and plugins add item kinds (``register_space_item_kind``) and tools (``register_trajectory_tool``) through
    the hook catalogue; their registrations are wired in :mod:`trajectories.wagtail_hooks`."""

    name = "trajectories"
    label = "trajectories"
    verbose_name = _("Collaboration spaces")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: these modules import models, which exist only once the apps are loaded.
        from trajectories.audit import receivers
        from trajectories.items.checks import check_item_kinds

        checks.register(check_item_kinds, "trajectories")
        receivers.connect()  # log-ins after a password reset or a new address reach the access log
        connect_upkeep()


def connect_upkeep():
    """Receivers that keep derived state in step with rows however they change (services and test factories alike),
    never business logic:

    * the header's "Mijn werkruimtes" is cached per person (``trajectories.spaces.selectors.takes_part_anywhere``):
      any change to one of their participant rows (invited, accepted, removed, contact ban, erased) drops it;
    * a deleted document version's file leaves the disk once the deletion is committed, also when the version goes
      with its document (``trajectories.documents.services.remove_version_file``).
    """
    # Imported here, not at the top: apps.py is loaded before the models exist.
    from trajectories.documents.models import DocumentVersion
    from trajectories.documents.services import remove_version_file
    from trajectories.spaces.models import Participant
    from trajectories.spaces.selectors import forget_takes_part

    def forget(sender, instance, **kwargs):
        forget_takes_part(instance.user_id)

    post_save.connect(forget, sender=Participant, dispatch_uid="trajectories-takes-part-save", weak=False)
    post_delete.connect(forget, sender=Participant, dispatch_uid="trajectories-takes-part-delete", weak=False)
    post_delete.connect(remove_version_file, sender=DocumentVersion, dispatch_uid="trajectories-version-file")
