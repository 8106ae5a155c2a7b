"""How items reach templates: a :class:`Shown` carries the item only when the viewer may read its content.

For an item whose existence alone is visible (the young person and a "professionals only" goal) the template
gets a placeholder without the item: no title, no text, nothing to leak by mistake. Built by
:func:`trajectories.items.selectors.show`, with what the viewer may do as booleans from the items' policies.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from trajectories.access import Audience


@dataclass
class Shown:
    kind: object  # trajectories.items.models.ItemKind
    pk: int
    trajectory_id: int
    author: object  # Participant or None
    created_at: object
    audience: str
    item: object = None  # None: the viewer may only know that it exists
    chosen: list = field(default_factory=list)
    can_edit: bool = False
    can_delete: bool = False
    can_change_audience: bool = False
    changed_by: object = None  # Participant: who last changed it (issue 13 §2), only shown with the content
    changed_at: object = None

    @property
    def content_visible(self):
        return self.item is not None

    @property
    def audience_label(self):
        return Audience(self.audience).label

    @property
    def url(self):
        return self.kind.item_url(self.trajectory_id, self.pk)

    @property
    def history_url(self):
        """The item's history (issue 13 §2), for kinds that keep one and a viewer who reads the content."""
        if self.item is None or not self.kind.model.VERSIONED_FIELDS:
            return ""
        return reverse("trajectories:item_history", args=[self.trajectory_id, self.kind.segment, self.pk])

    @property
    def title(self):
        return self.item.item_title() if self.item is not None else ""
