"""Berichten (issue 5 §4): message threads among chosen participants of a space.

A :class:`MessageThread` is an item of the space (:class:`trajectories.items.models.SpaceItem`): its audience says who
is in the conversation (chosen participants by default; everyone, or professionals only, work too), and
``visible_to`` of :mod:`trajectories.access` is the only rule for who reads it. A :class:`Message` belongs to
one thread and is read by whoever reads the thread (:meth:`MessageQuerySet.visible_to`).

Unread counts are kept in the write transaction, never counted per request: the thread carries
``message_count`` (raised with the database's own ``+ 1`` when a message is written), and each participant's
:class:`ThreadReadState` holds how many of those they have seen. Unread = the difference of the two numbers.
"""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.items.models import SpaceItem, SpaceItemQuerySet
from trajectories.spaces.models import Participant, Trajectory

MESSAGE_LIMIT = 5000


class MessageThread(SpaceItem):
    """A conversation: its subject, and the counter every unread number is computed from."""

    EDITABLE_BY: ClassVar[str] = "author"

    subject = models.CharField(_("subject"), max_length=120)
    message_count = models.PositiveIntegerField(default=0)
    last_message_at = models.DateTimeField(default=timezone.now)

    objects = SpaceItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        indexes = [models.Index(fields=["trajectory", "-last_message_at", "-id"], name="thread_trajectory_latest")]

    def __str__(self):
        return self.subject

    def item_title(self):
        return self.subject


class MessageQuerySet(models.QuerySet):
    def visible_to(self, user, *, space=None):
        """Messages `user` may read: those of the threads they may read (the thread's rule, nothing else)."""
        return self.filter(thread__in=MessageThread.objects.visible_to(user, space=space).values("pk"))


class Message(models.Model):
    """One message in a thread. Never changed after it is written (a conversation is a record)."""

    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="messages")
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Participant, on_delete=models.RESTRICT, related_name="+", verbose_name=_("written by"))
    text = models.TextField(_("message"))
    created_at = models.DateTimeField(default=timezone.now)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["thread", "id"], name="message_thread_id")]

    def __str__(self):
        return f"{self.thread_id}:{self.pk}"


class ThreadReadState(models.Model):
    """How many messages of a thread one participant has seen (their unread number is the rest)."""

    thread = models.ForeignKey(MessageThread, on_delete=models.CASCADE, related_name="read_states")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    read_count = models.PositiveIntegerField(default=0)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["thread", "participant"], name="threadreadstate_unique"),
        ]
        indexes = [models.Index(fields=["participant", "thread"], name="threadreadstate_participant")]

    def __str__(self):
        return f"{self.participant_id}@{self.thread_id}: {self.read_count}"


__all__ = ["MESSAGE_LIMIT", "Message", "MessageThread", "ThreadReadState"]
