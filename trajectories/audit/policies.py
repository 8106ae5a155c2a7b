"""Who may read the access log of a space: the young person and the (declared) coordinators, nobody else (issue 5).
Who may read which rows is the rule of :func:`trajectories.access.access_log_visibility`; this is the same rule for
the viewer's seat, for pages and navigation."""

from trajectories.access import Space


def can_read_access_log(space: Space):
    """The access log page and its link in the space's navigation (``Space.can_read_access_log``: the seat's
    literal of the one rule)."""
    return space.can_read_access_log
