"""Who may act on the social maps. A social map belongs to its author: only they add or remove people and decide
with whom it is shared (:mod:`trajectories.network.services` refuses the rest), while the space is open."""

from trajectories.access import PROFESSIONAL_ROLES, Space


def can_change_own_map(space: Space):
    """Everyone taking part keeps their own social map, while the space is open."""
    return space.writable


def can_share_work_contact(space: Space):
    """A professional (or coordinator) keeps a work phone and e-mail on their seat, while the space is open."""
    return space.writable and space.me.role in PROFESSIONAL_ROLES
