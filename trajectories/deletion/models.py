"""Deletion on request (issue 13 §8, seed 004: "verwijderen van inhoud op vraag van de cliënt").

A :class:`DeletionRequest` is the young person's request to delete one item or her whole space; whoever holds regie
confirms it (at once when she holds regie herself). What is deleted leaves only a tombstone in the access log. What
a care organisation must keep by law is not deleted but restricted: a :class:`RestrictedItem` takes it out of every
``visible_to`` (:func:`trajectories.access.content_condition`), for everyone, while the row is kept.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.spaces.models import Participant, Trajectory


class DeletionScope(models.TextChoices):
    ITEM = "item", _("one item")
    SPACE = "space", _("the whole space")


class DeletionStatus(models.TextChoices):
    PENDING = "pending", _("waiting for confirmation")
    DONE = "done", _("deleted")
    DECLINED = "declined", _("declined")


class DeletionRequest(models.Model):
    """The young person asks to delete an item (``item_type`` is its kind's key) or the whole space."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    scope = models.CharField(max_length=10, choices=DeletionScope.choices)
    item_type = models.CharField(max_length=40, blank=True)
    item_id = models.BigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=DeletionStatus.choices, default=DeletionStatus.PENDING)
    confirmed_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    done_at = models.DateTimeField(null=True, blank=True)
    # Whoever holds regie may decline the request, with a reason the young person reads (issue 13 §8).
    declined_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decline_reason = models.CharField(max_length=500, blank=True)
    deleted_count = models.PositiveIntegerField(default=0)
    restricted_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("deletion request")
        verbose_name_plural = _("deletion requests")
        indexes = [models.Index(fields=["trajectory", "status"], name="deletionrequest_open")]

    def __str__(self):
        return f"{self.trajectory_id} {self.scope} {self.item_type}:{self.item_id} {self.status}"


class RestrictedItem(models.Model):
    """An item the young person asked to delete that a care organisation must keep by law: nobody reads it any more
    (GDPR art. 18), the row stays for the legal retention period."""

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.BigIntegerField()
    reason = models.CharField(max_length=300)
    restricted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("restricted item")
        verbose_name_plural = _("restricted items")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="restricteditem_unique_item")]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
