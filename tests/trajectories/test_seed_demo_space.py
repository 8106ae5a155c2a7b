"""The demo space (issue 15 §11): `make run` shows a space with a young person, a parent, two professionals of two
organisations, items of every kind and every audience and a conversation, with its log-ins."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.fixtures.worlds import built_once, fresh_copy
from themes.factories import home_page
from trajectories.agenda.models import AppointmentProposal
from trajectories.items.selectors import item_kinds
from trajectories.messaging.models import Message
from trajectories.models import Audience, ParticipantStatus, Role, Trajectory
from trajectories.spaces.selectors import space_for

pytestmark = pytest.mark.django_db


def _seed():
    with translation.override("en"):  # as the autouse fixture of the tests here
        home_page()
        call_command("seed_demo", stdout=StringIO())
        out = StringIO()
        call_command("seed_demo_space", stdout=out)
        return Trajectory.objects.get(title="Werkruimte van Yasmine"), out.getvalue()


@pytest.fixture(scope="module")
def seeded_once(django_db_setup, django_db_blocker):
    """The demo and its space, seeded once for the module; each test runs in its own transaction on top, rolled back
    when it ends (tests/fixtures/worlds.py)."""
    yield from built_once(django_db_blocker, _seed)


@pytest.fixture
def seeded(seeded_once, db):
    return fresh_copy(seeded_once)


def test_the_demo_space_has_every_kind_of_person_item_and_audience(seeded):
    space, out = seeded
    assert f"/werkruimte/{space.pk}/" in out
    people = list(space.participants.filter(status=ParticipantStatus.ACTIVE))
    roles = sorted(p.role for p in people)
    assert roles == sorted([Role.CLIENT, Role.NETWORK, Role.PROFESSIONAL, Role.PROFESSIONAL])
    professionals = [p for p in people if p.role == Role.PROFESSIONAL]
    assert len({p.care_organisation_id for p in professionals}) == 2 and all(p.is_professional for p in professionals)
    audiences = set()
    for kind in item_kinds():
        rows = kind.model.objects.filter(trajectory=space)
        assert rows.exists(), f"no {kind.key} in the demo space"
        audiences.update(rows.values_list("audience", flat=True))
    assert audiences >= {Audience.EVERYONE, Audience.CHOSEN, Audience.PROFESSIONALS}
    assert Message.objects.filter(trajectory_id=space.pk).count() >= 3
    young = next(p for p in people if p.role == Role.CLIENT).user
    assert space_for(young, space.pk).holds_regie  # she decides, with her counsellor
    # planning together: a proposal with two times waits for Yasmine's answer (she reads it, she was invited)
    proposal = AppointmentProposal.objects.visible_to(young).get(trajectory=space)
    assert proposal.options.count() == 2 and proposal.is_open
    # issue 13 §1: the space follows the youth-care template and is in its second phase, shown on the Traject tab
    from django.test import Client
    from django.urls import reverse

    from trajectories.blueprints.models import SpacePhase, TrajectoryTemplate
    from trajectories.blueprints.shipped import YOUTH_CARE

    phases = list(SpacePhase.objects.filter(trajectory=space).order_by("position"))
    assert [p.title for p in phases] == [p.title for p in TrajectoryTemplate.objects.get(key=YOUTH_CARE).phases.all()]
    assert len(phases) == 5
    assert phases[0].ended_at and phases[1].started_at and not phases[1].ended_at and not phases[2].started_at
    client = Client()
    client.force_login(young)
    page = client.get(reverse("trajectories:phases", args=[space.pk])).content.decode()
    assert phases[1].title in page


def test_seeding_twice_creates_nothing_more_and_the_logins_are_printed(seeded):
    space, _out = seeded
    again = StringIO()
    call_command("seed_demo_space", stdout=again)
    assert "already there" in again.getvalue()
    assert Trajectory.objects.filter(title=space.title).count() == 1
    logins = StringIO()
    call_command("seed_demo_space", "--logins", stdout=logins)
    for email in ("jongere@", "ouder@", "hulpverlener@", "consulent@"):
        assert email in logins.getvalue()
