"""Who may transfer a space and who consents (issue 13 §5). The services refuse what these refuse."""

from trajectories.access import Space


def can_transfer(space: Space):
    """Whoever holds regie asks to transfer an open space to another organisation."""
    return space.holds_regie and space.writable


def can_consent_transfer(space: Space):
    """The young person's consent carries a transfer out."""
    return space.is_client and space.writable
