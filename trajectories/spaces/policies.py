"""Who may act on a space and its people: invite, change or remove someone, hand regie over, close or reopen the
space, and who opens it only with two-step verification.

The services of :mod:`trajectories.spaces.services` refuse exactly what these refuse, so a forged request and a
hidden button never disagree; views hand templates the booleans. Each function takes the viewer's
:class:`trajectories.access.Space` (their seat, read once per request) and, where it is about one person, that
participant's row. Regie itself (who holds it) is a fact of the space, :attr:`Space.holds_regie`.
"""

from trajectories.access import PROFESSIONAL_ROLES, ParticipantStatus, Role, Space


def can_manage_people(space: Space):
    """Whoever holds regie decides who is in the space, while it is open: invites, changes and removes people."""
    return space.holds_regie and space.writable


def can_invite(space: Space):
    """Whoever holds regie invites people, while the space is open."""
    return can_manage_people(space)


def can_change_regie(space: Space):
    """Whoever holds regie hands it to another mode, while the space is open."""
    return space.holds_regie and space.writable


def sees_invitations(space: Space):
    """Whoever holds regie sees everyone on the participants page: open invitations with their addresses, removed
    people and contact bans. The others see the people taking part."""
    return space.holds_regie


def can_change_participant(space: Space, participant):
    """Whoever holds regie changes someone else's details, role or contact ban while the space is open; not their
    own seat, and nobody who is no longer in the space."""
    return (
        can_manage_people(space) and participant.pk != space.me.pk and participant.status != ParticipantStatus.REMOVED
    )


def can_remove_people(space: Space):
    """Who takes people out of the space: whoever holds regie while it is open; once it is closed, the young person
    (and whoever holds regie) can still take anyone out (issue 13 §4: nobody keeps reading against her will)."""
    if space.writable:
        return can_manage_people(space)
    return space.is_client or space.holds_regie


def can_remove(space: Space, participant):
    """Whoever may take people out (:func:`can_remove_people`) removes someone else who is still in or invited;
    the young person always stays."""
    return (
        can_remove_people(space)
        and participant.pk != space.me.pk
        and participant.status != ParticipantStatus.REMOVED
        and participant.role != Role.CLIENT
    )


def assignable_roles(role):
    """The roles a participant with `role` may be given by whoever holds regie (issue 9): the young person keeps
    their role; nobody else becomes the young person; a network member never becomes a professional or
    coordinator; a professional or coordinator may switch between those two (while an organisation declares them)
    or become a network member."""
    if role == Role.CLIENT:
        return frozenset({Role.CLIENT})
    if role in PROFESSIONAL_ROLES:
        return frozenset({Role.NETWORK, Role.PROFESSIONAL, Role.COORDINATOR})
    return frozenset({Role.NETWORK})


def can_resend_invitation(space: Space, participant):
    """An open invitation is sent again by whoever holds regie."""
    return can_change_participant(space, participant) and participant.status == ParticipantStatus.INVITED


def can_close(space: Space):
    """Whoever holds regie closes an open space, with a reason. The young person and the people she keeps go on
    reading it; when she closes it herself she chooses them then, otherwise the family members stay and the
    professionals leave until she keeps them (:func:`can_keep_readers`)."""
    return space.holds_regie and space.writable


def can_reopen(space: Space):
    """A closed space opens again only with the consent of the young person or of whoever holds regie (issue 13
    §4): one of them reopens it, ticking that they agree."""
    return not space.writable and (space.is_client or space.holds_regie)


def can_keep_readers_when_closing(space: Space):
    """The young person who closes her own space chooses then who keeps reading it."""
    return can_close(space) and space.is_client


def can_keep_readers(space: Space):
    """In a closed space the young person chooses who keeps reading it: family members for as long as she wants,
    professionals for the period their organisation sets (issue 13 §4)."""
    return not space.writable and space.is_client


def requires_two_step(space: Space):
    """Whether this seat opens the space only with two-step verification (SEC-11): it reads what is only for the
    professionals, or it holds regie without being the young person. The rule follows what a seat can read and
    decide, not the person's job: a declared care professional who takes part as a family member reads what family
    members read."""
    return space.is_professional or (space.holds_regie and not space.is_client)


def needs_two_step(space: Space):
    """The seat requires two-step verification and the person has not set up an authenticator app yet (``has_totp``:
    annotated on the seat by ``space_for``)."""
    return requires_two_step(space) and not getattr(space.me, "has_totp", False)
