"""Who may act on a space and its people (trajectories.spaces.policies): for each allowed case the nearest forbidden
ones, and for each a forged POST and the page's buttons agree with the policy (issue 10 §5).

The world: regie "the young person with the counsellor" (the young person and pro_a decide), a mother and a
teacher (network), a coordinator and a father under a contact ban.
"""

import pytest
from django.urls import reverse

from trajectories.access import ParticipantStatus, Regie, Role, TrajectoryStatus
from trajectories.spaces import policies
from trajectories.spaces import services as space_services
from trajectories.spaces.models import Participant
from trajectories.spaces.selectors import space_for

pytestmark = pytest.mark.django_db


def seat(world, who):
    """`who`'s space, read as a page would."""
    return space_for(world.users[who], world.space.pk)


def close(world):
    world.space.status = TrajectoryStatus.CLOSED
    world.space.save(update_fields=["status"])


def people_page(world, who):
    response = world.client(who).get(reverse("trajectories:participants", args=[world.space.pk]))
    assert response.status_code == 200
    return response.content.decode()


def edit_url(world, person):
    return reverse("trajectories:participant_edit", args=[world.space.pk, world.seats[person].pk])


def remove_url(world, person):
    return reverse("trajectories:participant_remove", args=[world.space.pk, world.seats[person].pk])


# --- Inviting --------------------------------------------------------------------------------------------------


def test_whoever_holds_regie_invites_while_the_space_is_open(world):
    assert policies.can_invite(seat(world, "young"))
    assert policies.can_invite(seat(world, "pro_a"))  # the counsellor decides with the young person
    assert 'action="{}"'.format(reverse("trajectories:invite", args=[world.space.pk])) in people_page(world, "young")


def test_without_regie_no_invitation_form_and_a_forged_one_is_refused(world):
    assert not policies.can_invite(seat(world, "parent"))
    assert not policies.can_invite(seat(world, "coordinator"))  # a coordinator decides only under that regie mode
    invite = reverse("trajectories:invite", args=[world.space.pk])
    assert f'action="{invite}"' not in people_page(world, "parent")
    response = world.client("parent").post(invite, {"email": "opa@example.org", "role": Role.NETWORK})
    assert response.status_code == 403
    assert not Participant.objects.filter(email="opa@example.org").exists()


def test_in_a_closed_space_not_even_regie_invites(world):
    close(world)
    assert not policies.can_invite(seat(world, "young"))
    invite = reverse("trajectories:invite", args=[world.space.pk])
    assert f'action="{invite}"' not in people_page(world, "young")
    response = world.client("young").post(invite, {"email": "opa@example.org", "role": Role.NETWORK})
    assert response.status_code == 403
    assert "This space is closed" in response.content.decode()
    assert not Participant.objects.filter(email="opa@example.org").exists()


# --- Changing and removing people ------------------------------------------------------------------------------


def test_regie_changes_and_removes_someone_else(world):
    space = seat(world, "young")
    parent = world.seats["parent"]
    assert policies.can_change_participant(space, parent) and policies.can_remove(space, parent)
    page = people_page(world, "young")
    assert edit_url(world, "parent") in page and remove_url(world, "parent") in page
    response = world.client("young").post(remove_url(world, "parent"), {"confirm": "yes"})
    assert response.status_code == 302
    parent.refresh_from_db()
    assert parent.status == ParticipantStatus.REMOVED


def test_nobody_changes_their_own_seat_through_the_participants_page(world):
    """The nearest forbidden case: the regie holder and themselves. No button, and a forged change is refused."""
    space = seat(world, "young")
    assert not policies.can_change_participant(space, world.seats["young"])
    assert edit_url(world, "young") not in people_page(world, "young")
    forged = world.client("young").post(
        edit_url(world, "young"), {"name": "Iemand anders", "role": Role.CLIENT, "relation": ""}
    )
    assert forged.status_code == 403
    world.seats["young"].refresh_from_db()
    assert world.seats["young"].name == "Sara Peeters"
    with pytest.raises(space_services.NotAllowed):
        space_services.participant_update(
            participant=world.seats["young"],
            by=world.users["young"],
            name="Iemand anders",
            role=Role.CLIENT,
            relation="",
            organisation_name="",
            has_parental_authority=False,
            contact_ban=False,
        )


def test_someone_who_left_is_not_changed(world):
    space_services.participant_remove(participant=world.seats["network"], by=world.users["young"])
    removed = Participant.objects.get(pk=world.seats["network"].pk)
    space = seat(world, "young")
    assert not policies.can_change_participant(space, removed)
    assert edit_url(world, "network") not in people_page(world, "young")
    forged = world.client("young").post(edit_url(world, "network"), {"name": "Terug", "role": Role.NETWORK})
    assert forged.status_code == 403
    removed.refresh_from_db()
    assert removed.name == ""


def test_the_young_person_is_never_removed(world):
    space = seat(world, "pro_a")
    young = world.seats["young"]
    assert policies.can_change_participant(space, young)
    assert not policies.can_remove(space, young)
    page = people_page(world, "pro_a")
    assert edit_url(world, "young") in page and remove_url(world, "young") not in page
    assert world.client("pro_a").post(remove_url(world, "young")).status_code == 403
    young.refresh_from_db()
    assert young.status == ParticipantStatus.ACTIVE


def test_without_regie_nobody_is_changed_or_removed(world):
    space = seat(world, "parent")
    network = world.seats["network"]
    assert not policies.can_change_participant(space, network) and not policies.can_remove(space, network)
    page = people_page(world, "parent")
    assert edit_url(world, "network") not in page and remove_url(world, "network") not in page
    assert world.client("parent").get(edit_url(world, "network")).status_code == 403
    assert world.client("parent").post(remove_url(world, "network")).status_code == 403
    network.refresh_from_db()
    assert network.status == ParticipantStatus.ACTIVE


def test_an_invitation_is_sent_again_only_while_it_is_open(world):
    invited = space_services.participant_invite(
        trajectory=world.space, by=world.users["young"], email="opa@example.org", role=Role.NETWORK
    )
    space = seat(world, "young")
    assert policies.can_resend_invitation(space, invited)
    assert not policies.can_resend_invitation(space, world.seats["parent"])  # taking part: nothing to resend
    resend = reverse("trajectories:invitation_resend", args=[world.space.pk, world.seats["parent"].pk])
    assert resend not in people_page(world, "young")
    assert reverse("trajectories:invitation_resend", args=[world.space.pk, invited.pk]) in people_page(world, "young")
    assert world.client("young").post(resend).status_code == 403


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.CLIENT, {Role.CLIENT}),
        (Role.NETWORK, {Role.NETWORK}),
        (Role.PROFESSIONAL, {Role.NETWORK, Role.PROFESSIONAL, Role.COORDINATOR}),
        (Role.COORDINATOR, {Role.NETWORK, Role.PROFESSIONAL, Role.COORDINATOR}),
    ],
)
def test_the_roles_a_participant_may_be_given(role, allowed):
    assert policies.assignable_roles(role) == allowed


def test_the_edit_form_offers_exactly_the_assignable_roles_and_a_forged_one_is_refused(world):
    form = world.client("young").get(edit_url(world, "coordinator")).content.decode()
    for role in Role.values:
        assert (f'value="{role}"' in form) == (role in policies.assignable_roles(Role.COORDINATOR)), role
    forged = world.client("young").post(edit_url(world, "network"), {"name": "", "role": Role.COORDINATOR})
    assert forged.status_code == 403
    world.seats["network"].refresh_from_db()
    assert world.seats["network"].role == Role.NETWORK


# --- Regie, closing ----------------------------------------------------------------------------------------------


def test_regie_is_handed_over_only_by_whoever_holds_it(world):
    assert policies.can_change_regie(seat(world, "young"))
    assert not policies.can_change_regie(seat(world, "coordinator"))
    regie = reverse("trajectories:regie", args=[world.space.pk])
    assert f'action="{regie}"' in people_page(world, "young")
    assert f'action="{regie}"' not in people_page(world, "coordinator")
    response = world.client("coordinator").post(regie, {"regie": Regie.COORDINATOR})
    assert response.status_code == 403
    world.space.refresh_from_db()
    assert world.space.regie == Regie.CLIENT_WITH_COUNSELLOR


def test_closing_and_reopening(world):
    """An open space can be closed, not reopened; a closed one reopened, not closed again; closing only by regie,
    reopening by the young person (or regie) with consent (issue 13 §4)."""
    young, parent = seat(world, "young"), seat(world, "parent")
    assert policies.can_close(young) and not policies.can_reopen(young)
    assert not policies.can_close(parent) and not policies.can_reopen(parent)
    close_url = reverse("trajectories:close", args=[world.space.pk])
    reopen_url = reverse("trajectories:reopen", args=[world.space.pk])
    assert close_url in people_page(world, "young") and reopen_url not in people_page(world, "young")
    assert close_url not in people_page(world, "parent")
    assert world.client("parent").post(close_url, {"reason": "Klaar"}).status_code == 403
    assert world.client("young").post(reopen_url, {"consent": "on"}).status_code == 403  # open already
    assert world.client("young").post(close_url, {"reason": "Klaar"}).status_code == 302
    world.space.refresh_from_db()
    closed_at = world.space.closed_at
    young = seat(world, "young")
    assert not policies.can_close(young) and policies.can_reopen(young)
    assert world.client("young").post(close_url, {"reason": "Nog eens"}).status_code == 403  # closed already
    world.space.refresh_from_db()
    assert world.space.closed_at == closed_at and world.space.closure_reason == "Klaar"
    assert reopen_url in people_page(world, "young")
    assert world.client("young").post(reopen_url, {"consent": "on"}).status_code == 302


# --- Who sees the invitations, who needs two steps ------------------------------------------------------------


def test_only_regie_sees_open_invitations_and_contact_bans(world):
    space_services.participant_invite(
        trajectory=world.space, by=world.users["young"], email="opa@example.org", role=Role.NETWORK
    )
    assert policies.sees_invitations(seat(world, "young"))
    assert not policies.sees_invitations(seat(world, "parent"))
    assert "opa@example.org" in people_page(world, "young")
    assert "opa@example.org" not in people_page(world, "parent")


def test_two_step_verification_follows_what_a_seat_reads_and_decides(world):
    assert policies.requires_two_step(seat(world, "pro_a"))  # reads what is only for the professionals
    assert policies.requires_two_step(seat(world, "coordinator"))
    assert not policies.requires_two_step(seat(world, "young"))  # holds regie, but is the young person
    assert not policies.requires_two_step(seat(world, "parent"))
    assert not policies.needs_two_step(seat(world, "pro_a"))  # has an authenticator app (the world's)
    own = space_services.trajectory_start(user=world.users["parent"], title="Thuis", role=Role.NETWORK)
    mother = space_for(world.users["parent"], own.pk)
    assert policies.requires_two_step(mother)  # she holds regie until the young person joins
    assert policies.needs_two_step(mother)
    response = world.client("parent").get(reverse("trajectories:overview", args=[own.pk]))
    assert response.status_code == 302 and "Thuis" not in response.content.decode()
