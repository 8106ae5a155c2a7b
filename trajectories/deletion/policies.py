"""Who may ask to delete, and who confirms (issue 13 §8). The services refuse what these refuse."""

from trajectories.access import Space


def can_request_deletion(space: Space):
    """The young person asks to delete an item of her space or the whole space (seed 004: deletion at the client's
    request), open or closed."""
    return space.is_client


def confirms_deletion(space: Space):
    """Whoever holds regie confirms a deletion request; when the young person holds regie herself, her request is
    carried out at once."""
    return space.holds_regie
