"""Who may do what with the history of an item. Reading it is not a policy but the one rule of
:mod:`trajectories.access` (``ItemVersion.objects.visible_to``): exactly who reads the item now."""

from trajectories.access import Space
from trajectories.items import policies as item_policies


def can_restore(space: Space, item):
    """Restoring an earlier version is a change: whoever may change the item (``items.policies.can_edit_item``)."""
    return item_policies.can_edit_item(space, item)
