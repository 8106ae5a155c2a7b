"""Transfer of a space to another organisation (issue 13 §5, seed 004: the information travels with the young
person; previous carers lose access). After the transfer the sweep's pages are checked again for every person.

Requirements: SEC-01, SEC-05 (access ends on the day set, without anyone running anything), SEC-14 (access log).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Role as SiteRole
from core.roles.services import assign_role
from tests.security.test_trajectory_sweep import space_pages
from tests.trajectories.world import PEOPLE
from trajectories.audit.models import AccessLogEntry
from trajectories.audit.services import SPACE_TRANSFER, SPACE_TRANSFER_DONE
from trajectories.models import Participant, ParticipantStatus, Trajectory
from trajectories.transfer.models import SpaceTransfer

pytestmark = pytest.mark.django_db


def declare_pro_b(world):
    assign_role(user=world.users["pro_b"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_b)


def ask(world, who, *, day=None, email=None, organisation=None):
    data = {
        "organisation": (organisation or world.organisation_b).pk,
        "effective_on": (day or timezone.localdate()).isoformat(),
        "receiving_email": email or world.users["pro_b"].email,
    }
    return world.client(who).post(reverse("trajectories:transfer", args=[world.space.pk]), data)


def opens(world, who):
    return world.client(who).get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 200


def test_the_young_person_transfers_today_previous_professionals_lose_access(world):
    """She holds regie: her own request is her consent. From today the space is run by organisation B, its
    professional is invited, organisation A's counsellor and coordinator see nothing on any page; the family and
    she read on; the access log stays and records the transfer."""
    declare_pro_b(world)
    pages = space_pages(world)
    before = AccessLogEntry.objects.filter(trajectory=world.space).count()
    assert ask(world, "young").status_code == 302
    world.space.refresh_from_db()
    assert world.space.organisation_id == world.organisation_b.pk
    transfer = SpaceTransfer.objects.get(trajectory=world.space)
    assert transfer.consented_by_id == world.seats["young"].pk and transfer.consented_at is not None
    invited = Participant.objects.get(trajectory=world.space, email=world.users["pro_b"].email)
    assert invited.status == ParticipantStatus.INVITED
    for who in PEOPLE:
        reachable = [page for page in pages if world.client(who).get(page).status_code == 200]
        if who in {"young", "parent", "network"}:
            assert reachable, who
        else:
            assert reachable == [], who
    log = AccessLogEntry.objects.filter(trajectory=world.space)
    assert log.count() > before and log.filter(item_type=SPACE_TRANSFER_DONE).count() == 1


def test_previous_professionals_read_until_the_day_set(world):
    """A transfer from next week: organisation A's counsellor reads until then, and no longer after it."""
    declare_pro_b(world)
    day = timezone.localdate() + timedelta(days=7)
    assert ask(world, "young", day=day).status_code == 302
    assert opens(world, "pro_a") and opens(world, "coordinator")
    Participant.objects.filter(trajectory=world.space, care_organisation=world.organisation_a).update(
        access_until=timezone.now() - timedelta(seconds=1)
    )
    assert not opens(world, "pro_a") and opens(world, "young")


def test_a_transfer_asked_by_the_counsellor_waits_for_the_young_persons_consent(world):
    """The counsellor (regie with her) asks: nothing changes until she agrees; the mum cannot agree for her."""
    declare_pro_b(world)
    assert ask(world, "pro_a").status_code == 302
    transfer = SpaceTransfer.objects.get(trajectory=world.space)
    assert transfer.pending and Trajectory.objects.get(pk=world.space.pk).organisation_id == world.organisation_a.pk
    assert opens(world, "coordinator")
    url = reverse("trajectories:transfer_consent", args=[world.space.pk, transfer.pk])
    assert world.client("parent").post(url).status_code == 403
    assert world.client("pro_a").post(url).status_code == 403
    page = world.client("young").get(reverse("trajectories:transfer", args=[world.space.pk])).content.decode()
    assert "I agree with this transfer" in page
    assert world.client("young").post(url).status_code == 302
    transfer.refresh_from_db()
    assert transfer.consented_by_id == world.seats["young"].pk
    assert Trajectory.objects.get(pk=world.space.pk).organisation_id == world.organisation_b.pk
    assert not opens(world, "coordinator")
    assert Participant.objects.filter(trajectory=world.space, email=world.users["pro_b"].email).exists()
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=SPACE_TRANSFER).count() == 1


def test_bad_transfers_are_refused_with_the_reason(world):
    """An organisation that declared no professionals, a day in the past, an address the organisation does not
    declare: refused on the page, nothing changes. The mum (no regie) is refused; an outsider gets a 404."""
    response = ask(world, "young")
    assert response.status_code == 400 and "declared no care professionals" in response.content.decode()
    declare_pro_b(world)
    past = ask(world, "young", day=timezone.localdate() - timedelta(days=1))
    assert past.status_code == 400 and "Choose today or a day in the future." in past.content.decode()
    stranger = ask(world, "young", email=world.users["outsider"].email)
    assert stranger.status_code == 400 and "has not declared anyone with this address" in stranger.content.decode()
    assert ask(world, "parent").status_code == 403
    assert ask(world, "outsider").status_code == 404
    assert not SpaceTransfer.objects.exists()
    assert Trajectory.objects.get(pk=world.space.pk).organisation_id == world.organisation_a.pk
