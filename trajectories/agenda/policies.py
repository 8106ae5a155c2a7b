"""Who may do what when planning together (issue 13 §3). The services of :mod:`trajectories.agenda.services`
refuse exactly what these refuse; views hand templates the booleans. Who may *read* a proposal is not a policy but
the one rule of :mod:`trajectories.access` (``proposal_visibility``): the proposer and the invited."""

from django.utils import timezone

from trajectories.access import Space


def can_propose(space: Space):
    """Anyone taking part proposes an appointment while the space is open."""
    return space.writable


def can_answer(space: Space, proposal, invited_ids):
    """The invited answer while the proposal waits for answers and the space is open (the proposer does not: the
    times are theirs)."""
    return space.writable and proposal.is_open and space.me.pk in invited_ids


def can_confirm(space: Space, proposal):
    """The proposer, or whoever holds regie (and reads the proposal), confirms one time while it is open."""
    return space.writable and proposal.is_open and (proposal.proposer_id == space.me.pk or space.holds_regie)


def can_decline(space: Space, appointment, *, declined=False):
    """The young person declines an appointment someone else put in her agenda, before it starts, once, while the
    space is open. `appointment` is one she reads (``visible_to``)."""
    return (
        space.writable
        and space.is_client
        and appointment.author_id != space.me.pk
        and appointment.start > timezone.now()
        and not declined
    )
