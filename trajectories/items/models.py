"""Items: everything written in a space is a subclass of :class:`SpaceItem`, and each kind of item is described to
the spaces by an :class:`ItemKind`.

An item carries its audience (everyone, chosen participants, professionals only) and its author; who may read it
is the one rule of :mod:`trajectories.access`, through :class:`SpaceItemQuerySet`. Kinds are registered through
the ``register_space_item_kind`` hook (``config.hooks.SpaceItemKind``); the registry
(``trajectories.items.selectors.item_kinds``) hands them out as :class:`ItemKind`, which adds their addresses.
A plugin adds a kind by subclassing :class:`SpaceItem` and registering a ``SpaceItemKind`` for it: no import of
the registry needed.
"""

from dataclasses import dataclass, fields
from typing import ClassVar

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.hooks import SpaceItemKind
from trajectories import access
from trajectories.access import Audience
from trajectories.spaces.models import Participant, Trajectory


class SpaceItemQuerySet(models.QuerySet):
    """Every item model's queryset: the three reads of :mod:`trajectories.access`."""

    def visible_to(self, user, *, space=None):
        """Items whose content `user` may read. Pass `space` (``trajectories.spaces.selectors.space_for``) inside
        one space: the condition then needs no subquery for the viewer's seat."""
        return self.filter(access.item_visibility(self.model, user, space=space))

    def existence_visible_to(self, user, *, space=None):
        """Items `user` may know exist, annotated ``content_visible`` and ``editable``. The young person sees that
        every item of their space exists and who wrote it, even when its content is not for them (seed 004)."""

        def flag(condition):
            return models.Case(
                models.When(condition, then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )

        return self.filter(access.item_existence(self.model, user, space=space)).annotate(
            content_visible=flag(access.item_visibility(self.model, user, space=space)),
            editable=flag(access.item_editability(self.model, user, space=space)),
        )

    def editable_by(self, user, *, space=None):
        """Items `user` may change: visible to them, in an active space, and their own where the kind says so."""
        return self.filter(access.item_editability(self.model, user, space=space))


class SpaceItem(models.Model):
    """Everything written in a space: its audience, author and time stamps.

    Subclasses add their own fields, set ``EDITABLE_BY`` ("participants": everyone who may read it, a shared
    plan; "author": only the author, a personal account) and implement :meth:`item_title`. Register each
    concrete subclass with the ``register_space_item_kind`` hook (a system check refuses unregistered ones).
    """

    EDITABLE_BY: ClassVar[str] = "participants"
    # The fields whose every version is kept (issue 13 §2, ``trajectories.history``): what the kind's form changes.
    # Empty: the kind keeps no history (a conversation, a document with versions of its own, a social map).
    VERSIONED_FIELDS: ClassVar[tuple[str, ...]] = ()
    # Also tell the young person of the space when someone else changes an item of this kind (her plan's goals).
    CHANGES_TOLD_TO_YOUNG_PERSON: ClassVar[bool] = False

    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(Participant, on_delete=models.RESTRICT, related_name="+", verbose_name=_("written by"))
    audience = models.CharField(
        _("who may see this"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE
    )
    chosen = models.ManyToManyField(
        Participant, blank=True, related_name="%(class)s_chosen_for", verbose_name=_("chosen people")
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Not a column: deleting an item by any path (on request, a goal's actions by cascade, the space) deletes its
    # versions with it, so no content outlives the item in its history.
    versions = GenericRelation("trajectories.ItemVersion", related_query_name="+")

    objects = SpaceItemQuerySet.as_manager()

    class Meta:
        abstract = True

    def item_title(self):
        """A short title for lists ("Wie ziet wat?", the access log): content, shown only to who may read it."""
        raise NotImplementedError

    def validate_in_space(self, *, space, previous=None):
        """Check the kind's own rules inside `space` before saving; raise ``ValidationError`` keyed by field.

        `previous` holds the field values before a change (None for a new item). The services call this on
        every create and update, so a forged request meets the same rules as the form.
        """

    def prepare_save(self, *, previous=None):
        """Keep the kind's derived fields right just before the services save it (an action's ``done_at``).

        `previous` is as for :meth:`validate_in_space`: the changed fields' values before the change, None for a
        new item."""

    def deletion_refused(self):
        """Why this item may not be deleted now (a message for the author), or "" when it may (the default)."""
        return ""


@dataclass(frozen=True)
class ItemKind(SpaceItemKind):
    """A registered kind of item as the spaces use it: the catalogue's :class:`config.hooks.SpaceItemKind` and
    its addresses. The registry turns every ``SpaceItemKind`` it reads from the hook into one of these; a kind whose
    items have pages of their own (the social map) registers a subclass that overrides :meth:`item_url` and
    :meth:`create_url`."""

    @classmethod
    def of(cls, kind):
        """`kind` itself when it is an :class:`ItemKind` already, else an :class:`ItemKind` with its fields."""
        if isinstance(kind, ItemKind):
            return kind
        return cls(**{spec.name: getattr(kind, spec.name) for spec in fields(SpaceItemKind)})

    def list_url(self, trajectory_id):
        """The tool page that lists the kind (``list_url_name``, reversed with the space id)."""
        return reverse(self.list_url_name, args=[trajectory_id])

    def item_url(self, trajectory_id, item_id):
        """One item's page: the generic item page, answered by the tool's own page where it has one (its URL is
        included before the generic pages)."""
        return reverse("trajectories:item", args=[trajectory_id, self.segment, item_id])

    def create_url(self, trajectory_id):
        return reverse("trajectories:item_create", args=[trajectory_id, self.segment])
