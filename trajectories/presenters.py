"""How items reach templates: a :class:`Shown` carries the item only when the viewer may read its content.

For an item whose existence alone is visible (the young person and a "professionals only" goal) the template
gets a placeholder without the item: no title, no text, nothing to leak by mistake.
"""

from dataclasses import dataclass, field

from trajectories import audit
from trajectories.models import AccessOutcome, Audience


@dataclass
class Shown:
    kind: object  # registry.ItemKind
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


def show(space, kind, item, *, chosen=True):
    """Wrap one item read through ``existence_visible_to`` (annotated ``content_visible`` and ``editable``)."""
    content_visible = getattr(item, "content_visible", True)
    shown = Shown(
        kind=kind,
        pk=item.pk,
        trajectory_id=item.trajectory_id,
        author=space.participant(item.author_id),
        created_at=item.created_at,
        audience=item.audience,
    )
    if not content_visible:
        return shown
    shown.item = item
    if chosen and item.audience == Audience.CHOSEN:
        shown.chosen = [space.participant(p.pk) or p for p in item.chosen.all()]
    shown.can_edit = bool(getattr(item, "editable", False))
    shown.can_delete = space.writable and item.author_id == space.me.pk
    shown.can_change_audience = space.writable and space.holds_regie
    return shown


def show_all(request, space, kind, items, *, chosen=True):
    """Wrap `items` and note their reads for the access log (content read, or existence only)."""
    shown = [show(space, kind, item, chosen=chosen) for item in items]
    note(request, space, kind, shown)
    return shown


def note(request, space, kind, shown):
    read = [row.pk for row in shown if row.content_visible]
    existence = [row.pk for row in shown if not row.content_visible]
    audit.note_reads(request, space=space, item_type=kind.key, item_ids=read)
    audit.note_reads(request, space=space, item_type=kind.key, item_ids=existence, outcome=AccessOutcome.EXISTENCE_ONLY)
