"""The one definition of who sees what in a space (trajectories.access), through the querysets' ``visible_to``.

Requirements: SEC-01 (only the people in a space see it), SEC-04 (the care roles: young person, parent, parent
under a contact ban, network, professional, coordinator), SEC-05 (removal and a contact ban take effect at once).
Seed 004: government and platform staff have no content access; the young person sees that every item exists.
"""

import pytest

from trajectories import factories
from trajectories.access import regie_holder_ids
from trajectories.models import (
    AccessLogEntry,
    Action,
    Audience,
    Goal,
    LogEntry,
    Participant,
    ParticipantStatus,
    Regie,
    Role,
    Trajectory,
)
from trajectories.spaces.selectors import space_for

pytestmark = pytest.mark.django_db

EVERYONE_READS = {"young", "parent", "network", "pro_a", "coordinator"}


def readers(world, model, item):
    return {who for who, user in world.users.items() if model.objects.visible_to(user).filter(pk=item.pk).exists()}


def knowers(world, model, item):
    return {
        who for who, user in world.users.items() if model.objects.existence_visible_to(user).filter(pk=item.pk).exists()
    }


def test_only_active_participants_see_the_space(world):
    """SEC-01: the space, for the people in it; not for a parent under a contact ban, professionals of another
    organisation, the organisation's own admin, outsiders or the superadmin (seed 004)."""
    seeing = {who for who, user in world.users.items() if Trajectory.objects.visible_to(user).exists()}
    assert seeing == EVERYONE_READS


def test_everyone_audience(world):
    """An item for everyone is read by every active participant and by nobody else."""
    goal = factories.goal(trajectory=world.space, author=world.seats["network"])
    assert readers(world, Goal, goal) == EVERYONE_READS


def test_professionals_only_audience_and_the_young_persons_placeholder(world):
    """Professionals only: professional and coordinator read it, the author too; the young person knows it exists
    (seed 004: nothing about them without their knowledge), the parent does not even know."""
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"], audience=Audience.PROFESSIONALS)
    assert readers(world, Goal, goal) == {"pro_a", "coordinator"}
    assert knowers(world, Goal, goal) == {"pro_a", "coordinator", "young"}
    placeholder = Goal.objects.existence_visible_to(world.users["young"]).get(pk=goal.pk)
    assert placeholder.content_visible is False
    readable = Goal.objects.existence_visible_to(world.users["pro_a"]).get(pk=goal.pk)
    assert readable.content_visible is True


def test_professionals_only_written_by_the_young_person(world):
    """The author always reads what they wrote, whatever its audience."""
    entry = factories.log_entry(trajectory=world.space, author=world.seats["young"], audience=Audience.PROFESSIONALS)
    assert readers(world, LogEntry, entry) == {"young", "pro_a", "coordinator"}


def test_chosen_audience(world):
    """Chosen people: those participants and the author, nobody else; the young person knows it exists."""
    entry = factories.log_entry(
        trajectory=world.space, author=world.seats["parent"], audience=Audience.CHOSEN, chosen=[world.seats["pro_a"]]
    )
    assert readers(world, LogEntry, entry) == {"parent", "pro_a"}
    assert knowers(world, LogEntry, entry) == {"parent", "pro_a", "young"}


def test_chosen_person_under_contact_ban_still_sees_nothing(world):
    """A contact ban wins over being chosen."""
    entry = factories.log_entry(
        trajectory=world.space,
        author=world.seats["young"],
        audience=Audience.CHOSEN,
        chosen=[world.seats["banned_parent"]],
    )
    assert readers(world, LogEntry, entry) == {"young"}


def test_author_who_was_removed_no_longer_reads_their_items(world):
    """SEC-05: removal takes effect at once, also for what someone wrote themselves."""
    entry = factories.log_entry(trajectory=world.space, author=world.seats["network"])
    Participant.objects.filter(pk=world.seats["network"].pk).update(status=ParticipantStatus.REMOVED)
    assert "network" not in readers(world, LogEntry, entry)
    assert not Trajectory.objects.visible_to(world.users["network"]).exists()


def test_contact_ban_takes_effect_at_once(world):
    """SEC-05: the parent under a new contact ban sees nothing from the next read on."""
    goal = factories.goal(trajectory=world.space, author=world.seats["young"])
    assert "parent" in readers(world, Goal, goal)
    Participant.objects.filter(pk=world.seats["parent"].pk).update(contact_ban=True)
    assert "parent" not in readers(world, Goal, goal)
    assert space_for(world.users["parent"], world.space.pk) is None


def test_each_read_of_a_space_sees_the_seats_as_they_are_now_and_only_that_spaces(
    world, organisation, other_organisation
):
    """The seats are read with one query built once per process (``trajectories.spaces.selectors``): each read
    still asks the database, for its own space only."""
    from tests.trajectories.world import build_world

    other = build_world(organisation, other_organisation, prefix="b-")
    pro = world.users["pro_a"]
    before = space_for(pro, world.space.pk)
    assert before is not None and before.trajectory.pk == world.space.pk
    assert {row.trajectory_id for row in before.participants} == {world.space.pk}
    assert space_for(pro, other.space.pk) is None  # not a participant there
    elsewhere = space_for(other.users["pro_a"], other.space.pk)
    assert {row.trajectory_id for row in elsewhere.participants} == {other.space.pk}
    Participant.objects.filter(pk=world.seats["parent"].pk).update(contact_ban=True)
    after = space_for(pro, world.space.pk)
    assert next(row for row in after.participants if row.pk == world.seats["parent"].pk).contact_ban is True
    Participant.objects.filter(pk=world.seats["pro_a"].pk).update(status=ParticipantStatus.REMOVED)
    assert space_for(pro, world.space.pk) is None


def test_items_of_another_space_stay_there(world, organisation, other_organisation):
    """Taking part in one space shows nothing of another, even to a professional or the young person."""
    from tests.trajectories.world import build_world

    other = build_world(organisation, other_organisation, prefix="b-")
    goal = factories.goal(trajectory=other.space, author=other.seats["pro_a"], audience=Audience.EVERYONE)
    assert readers(world, Goal, goal) == set()
    assert knowers(world, Goal, goal) == set()


def test_space_argument_gives_the_same_answer(world):
    """``visible_to(user, space=…)`` (literal seat) and ``visible_to(user)`` (subqueries) agree for every person
    and every audience."""
    items = [
        factories.goal(trajectory=world.space, author=world.seats["pro_a"], audience=Audience.PROFESSIONALS),
        factories.goal(trajectory=world.space, author=world.seats["parent"]),
        factories.goal(
            trajectory=world.space,
            author=world.seats["parent"],
            audience=Audience.CHOSEN,
            chosen=[world.seats["young"]],
        ),
    ]
    for who in EVERYONE_READS:
        user = world.users[who]
        space = space_for(user, world.space.pk)
        ids = [item.pk for item in items]
        assert set(Goal.objects.visible_to(user, space=space).filter(pk__in=ids)) == set(
            Goal.objects.visible_to(user).filter(pk__in=ids)
        )
        assert set(Goal.objects.existence_visible_to(user, space=space).filter(pk__in=ids)) == set(
            Goal.objects.existence_visible_to(user).filter(pk__in=ids)
        )


def test_editable_by(world):
    """A shared plan is changed by everyone who reads it; a log entry only by its author; a closed space by nobody."""
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"], audience=Audience.PROFESSIONALS)
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    assert {w for w, u in world.users.items() if Goal.objects.editable_by(u).filter(pk=goal.pk).exists()} == {
        "pro_a",
        "coordinator",
    }
    assert {w for w, u in world.users.items() if LogEntry.objects.editable_by(u).filter(pk=entry.pk).exists()} == {
        "parent"
    }
    Trajectory.objects.filter(pk=world.space.pk).update(status="closed")
    assert not Goal.objects.editable_by(world.users["pro_a"]).exists()
    assert not LogEntry.objects.editable_by(world.users["parent"]).exists()


def test_participants_visible_to(world):
    """Participants are seen by the people in the space only."""
    seeing = {w for w, u in world.users.items() if Participant.objects.visible_to(u).exists()}
    assert seeing == EVERYONE_READS


def test_access_log_readers(world):
    """SEC-14: the young person and the coordinator read the access log; nobody else."""
    AccessLogEntry.objects.create(
        trajectory=world.space, actor_name="x", item_type="goal", item_id=1, action="read", outcome="granted"
    )
    seeing = {w for w, u in world.users.items() if AccessLogEntry.objects.visible_to(u).exists()}
    assert seeing == {"young", "coordinator"}


@pytest.mark.parametrize(
    ("regie", "expected"),
    [
        (Regie.CLIENT, {"young"}),
        (Regie.CLIENT_WITH_COUNSELLOR, {"young", "pro_a"}),
        (Regie.COORDINATOR, {"coordinator"}),
    ],
)
def test_regie_holders(world, regie, expected):
    """Who decides follows the regie mode of the space (seed 004, §3.2)."""
    world.space.regie = regie
    seats = list(world.space.participants.all())
    holders = regie_holder_ids(world.space, seats)
    assert {who for who, seat in world.seats.items() if seat.pk in holders} == expected


def test_regie_falls_back_to_the_starter_until_someone_can_hold_it(world):
    """A professional who starts a space with regie for the young person decides until the young person joins."""
    Participant.objects.filter(pk=world.seats["young"].pk).update(status=ParticipantStatus.INVITED, user=None)
    world.space.regie = Regie.CLIENT
    holders = regie_holder_ids(world.space, list(world.space.participants.all()))
    assert holders == {world.seats["pro_a"].pk}
    world.space.regie = Regie.COORDINATOR
    holders = regie_holder_ids(world.space, list(world.space.participants.all()))
    assert holders == {world.seats["coordinator"].pk}


def test_a_counsellor_who_is_not_a_professional_does_not_hold_regie(world):
    world.space.counsellor = world.seats["parent"]
    holders = regie_holder_ids(world.space, list(world.space.participants.all()))
    assert holders == {world.seats["young"].pk}


def test_action_follows_its_own_audience(world):
    """An action has its own audience, like every item."""
    goal = factories.goal(trajectory=world.space, author=world.seats["young"])
    action = factories.action(
        trajectory=world.space, author=world.seats["pro_a"], goal=goal, audience=Audience.PROFESSIONALS
    )
    assert readers(world, Action, action) == {"pro_a", "coordinator"}
    assert Role.CLIENT == world.seats["young"].role
