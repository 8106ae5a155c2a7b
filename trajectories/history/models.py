"""The versions of items (issue 13 §2): one row per version of an item of any kind, written by the items' services
in the transaction of the change.

A version is a JSON snapshot of the fields its kind lists in ``SpaceItem.VERSIONED_FIELDS``, who wrote it (a seat
of the space) and when, keyed to the item by content type and id (one model for every kind, like
``RestrictedItem``). ``SpaceItem.versions`` is a ``GenericRelation`` to it, so deleting an item — directly, on
request, through a cascade (a goal's actions) or with its space — deletes its versions with it.

A version also keeps the audience the item had when it was written (``audience`` and ``readers``): an item whose
audience was later widened must not show what it said while it was narrower to people who were not in that audience
then (:func:`trajectories.access.version_condition`).
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories import access
from trajectories.access import Audience
from trajectories.spaces.models import Participant, Trajectory


class VersionAction(models.TextChoices):
    CREATED = "created", _("wrote it")
    CHANGED = "changed", _("changed it")
    RESTORED = "restored", _("restored an earlier version")
    AUDIENCE = "audience", _("changed who may see it")


def readers_field(participant_ids):
    """How ``ItemVersion.readers`` stores participant ids: ``",3,17,"``, so one seat is matched with
    ``readers__contains=",3,"`` in SQLite and PostgreSQL alike (no JSON containment needed)."""
    ids = sorted({int(pk) for pk in participant_ids if pk is not None})
    return f",{','.join(str(pk) for pk in ids)}," if ids else ""


class ItemVersionQuerySet(models.QuerySet):
    def visible_to(self, user, *, space):
        """Versions `user` may read in `space` (``trajectories.spaces.selectors.space_for``): of items whose content
        they read now (each versioned kind's own ``visible_to``), and written for an audience they are in
        (:func:`trajectories.access.version_condition`). Invisible items have no visible history at all."""
        return self.filter(trajectory_id=space.pk).filter(
            access.version_condition(space) & access.versioned_item_condition(user, space=space)
        )

    def of_item(self, item):
        """The versions of `item` (no visibility: chain after :meth:`visible_to`). Matched on the content type's
        names in the join, so no content-type lookup query is needed."""
        meta = type(item)._meta
        return self.filter(
            content_type__app_label=meta.app_label, content_type__model=meta.model_name, object_id=item.pk
        )


class ItemVersion(models.Model):
    """One version of an item: what its versioned fields said, who wrote it and when, and for whom it was written."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    number = models.PositiveIntegerField()
    action = models.CharField(max_length=10, choices=VersionAction.choices)
    by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    fields = models.JSONField(default=dict)
    audience = models.CharField(max_length=20, choices=Audience.choices)
    # The item's author and, for "chosen people", the chosen seats at the time, as ",3,17," (readers_field).
    readers = models.TextField(blank=True)
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    objects = ItemVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id", "number"], name="itemversion_unique_number")
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id} v{self.number}"

    @property
    def reader_ids(self):
        return {int(pk) for pk in self.readers.strip(",").split(",") if pk}
