"""How items reach templates: a :class:`Shown` carries the item only when the viewer may read its content.

For an item whose existence alone is visible (the young person and a "professionals only" goal) the template
gets a placeholder without the item: no title, no text, nothing to leak by mistake. Built by
:func:`trajectories.items.selectors.show`, with what the viewer may do as booleans from the items' policies.
"""

from dataclasses import dataclass, field

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
    def title(self):
        return self.item.item_title() if self.item is not None else ""
