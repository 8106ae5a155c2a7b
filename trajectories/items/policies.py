"""Who may do what with items, for every kind. The services of :mod:`trajectories.items.services` refuse exactly
what these refuse; views and presenters hand templates the booleans (``Shown.can_edit`` …), templates never work
them out. Who may *read* an item is not a policy but the one rule of :mod:`trajectories.access`.

Each function takes the viewer's :class:`trajectories.access.Space` and, where it is about one item, the item as
the viewer read it (through ``visible_to`` or ``existence_visible_to``).
"""

from trajectories.access import Space


def can_add_item(space: Space):
    """Anyone taking part writes items while the space is open (what they write, they always read)."""
    return space.writable


def can_edit_item(space: Space, item):
    """Change an item: readable, in an open space, and for kinds whose ``EDITABLE_BY`` is "author" (the logbook,
    conversations, social maps) only one's own. The rule is ``access.item_editability``: read from the
    ``editable`` annotation of ``existence_visible_to`` when present, else asked of ``editable_by``."""
    editable = getattr(item, "editable", None)
    if editable is None:
        editable = type(item).objects.editable_by(space.me.user, space=space).filter(pk=item.pk).exists()
    return bool(editable)


def can_delete_item(space: Space, item):
    """Only the author deletes an item, while the space is open. (The kind may still refuse for a reason of its
    own, with a message: a goal that has actions, ``SpaceItem.deletion_refused``.)"""
    return space.writable and item.author_id == space.me.pk


def can_change_audience(space: Space, item):
    """Whoever holds regie decides who may see an item they read themselves, while the space is open."""
    return space.writable and space.holds_regie
