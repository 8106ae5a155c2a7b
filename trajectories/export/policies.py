"""Who may export a space (issue 13 §7). The services refuse what these refuse."""

from trajectories.access import Space


def can_export(space: Space):
    """The young person, and whoever holds regie, download everything they may see in the space."""
    return space.is_client or space.holds_regie
