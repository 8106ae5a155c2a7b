"""Who may act around the young person's majority (issue 13 §6). The services refuse what these refuse."""

from trajectories.access import Space


def can_set_birth_date(space: Space):
    """The young person herself, or whoever holds regie, records her birth date (open or closed space)."""
    return space.is_client or space.holds_regie


def is_asked(space: Space):
    """The young person turned 18 and was asked to choose (``process_majority``)."""
    return space.is_client and space.me.majority_asked_at is not None


def can_choose(space: Space):
    """Only the young person makes the majority choice, once, after she was asked: not a parent, not a professional,
    not whoever else holds regie."""
    return is_asked(space) and not space.me.majority_choice


def can_keep_parents(space: Space):
    """After she was asked, the young person decides (and may change her mind) which parents keep reading."""
    return is_asked(space)


def sees_majority_banner(space: Space):
    """The banner in the space: for the young person, from the reminder until she has chosen."""
    me = space.me
    return space.is_client and not me.majority_choice and (me.majority_reminded_at or me.majority_asked_at) is not None
