"""The export of a space holds its trajectory too (issue 13 §1, §3, §7): the phases with the current one and its
checklist, who signed the documents the requester may read, and the proposed appointments the requester made or is
invited to (times, answers, the time confirmed) — never a signature beside a document they may not read, nor a
proposal they were not invited to. In gegevens.json, overzicht.html and overzicht.pdf.

Requirements: SEC-01 (no more than the requester may read), SEC-16 (export of one's data), PERF-* (the export's
reads do not grow with the number of proposals).
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.trajectories.agenda.test_planning import at
from tests.trajectories.export.test_export import archive, download, make_export, pdf_text
from trajectories.agenda import services as agenda
from trajectories.agenda.models import Answer, ProposalOption
from trajectories.blueprints import services as blueprints
from trajectories.blueprints.models import PhaseDocument, SpacePhase, TrajectoryTemplate
from trajectories.blueprints.shipped import WORKSHOPS
from trajectories.export import services as export_services
from trajectories.export.models import SpaceExport
from trajectories.items import services as item_services
from trajectories.templatetags.export_look import moment as shown_moment

pytestmark = pytest.mark.django_db

SECRET_PLACE = "Jeugdhuis Kompas, zaal 3"
HIDDEN_PLACE = "Bureau zonder Sara"


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "werkruimte-bestanden"


def follow_to_the_declaration(world):
    """The space follows the workshop template (seed 003) up to its third phase, where the declaration is made."""
    template = TrajectoryTemplate.objects.get(key=WORKSHOPS)
    blueprints.template_apply(trajectory=world.space, by=world.users["pro_a"], template=template)
    for _step in range(2):
        current = SpacePhase.objects.get(trajectory=world.space, started_at__isnull=False, ended_at__isnull=True)
        blueprints.phase_advance(trajectory=world.space, by=world.users["pro_a"], from_phase=current)
    return PhaseDocument.objects.get(phase__trajectory=world.space, to_sign=True)


def signed_declaration(world):
    document = follow_to_the_declaration(world)
    blueprints.signers_choose(phase_document=document, by=world.users["pro_a"], participants=[world.seats["young"]])
    blueprints.document_sign(phase_document=document, by=world.users["young"])
    return document


def confirmed_proposal(world, *, by="young", invited=("pro_a",), title="Samen plannen", place=SECRET_PLACE):
    proposal = agenda.proposal_create(
        trajectory=world.space,
        by=world.users[by],
        title=title,
        place=place,
        options=[at(3, 10), at(4, 14)],
        invited=[world.seats[who] for who in invited],
    )
    first, second = ProposalOption.objects.filter(proposal=proposal).order_by("start")
    agenda.proposal_answer(
        proposal=proposal, by=world.users[invited[0]], answers={first.pk: Answer.NO, second.pk: Answer.YES}
    )
    agenda.proposal_confirm(proposal=proposal, by=world.users[by], option_id=second.pk)
    return proposal, second


def exported(world, who, capture):
    zf = archive(download(world, who, make_export(world, who, capture)))
    return (
        json.loads(zf.read("gegevens.json")),
        zf.read("overzicht.html").decode(),
        pdf_text(zf.read("overzicht.pdf")),
    )


def test_the_export_holds_the_phases_with_the_current_one_and_its_checklist(world, django_capture_on_commit_callbacks):
    follow_to_the_declaration(world)
    data, overview, printed = exported(world, "young", django_capture_on_commit_callbacks)
    phases = data["phases"]
    assert [p["title"] for p in phases] == ["Terugblikken", "Andere ideeën", "Verduurzamen", "Evalueren"]
    assert [p["current"] for p in phases] == [False, False, True, False]
    assert phases[0]["done"] and not phases[3]["done"]
    current = SpacePhase.objects.get(trajectory=world.space, position=phases[2]["position"])
    assert phases[2]["checklist"] == current.checklist_lines and current.checklist_lines
    assert "Verduurzamen</strong> — current phase" in overview
    assert current.checklist_lines[0] in overview
    assert "Verduurzamen - current phase" in printed


def test_a_signature_is_in_the_export_of_who_may_read_the_document(world, django_capture_on_commit_callbacks):
    """The young person signed the declaration: her export and the counsellor's say who signed and when."""
    document = signed_declaration(world)
    signed_at = document.signatures.get().signed_at
    for who in ("young", "pro_a"):
        data, overview, printed = exported(world, who, django_capture_on_commit_callbacks)
        [row] = data["signatures"]
        assert row["title"] == "Engagementsverklaring"
        assert row["signatures"] == [
            {
                "person": world.seats["young"].label,
                "chosen_at": row["signatures"][0]["chosen_at"],
                "signed_at": signed_at.isoformat(),
            }
        ]
        shown = shown_moment(signed_at)  # local time, as on the Traject page
        assert f"{world.seats['young'].label}: signed “I endorse this” on {shown}" in overview
        assert "Engagementsverklaring" in printed and "I endorse this" in printed


def test_no_signature_beside_a_document_the_requester_may_not_read(world, django_capture_on_commit_callbacks):
    """Once the declaration is only for the professionals, the young person's export holds neither it nor who signed
    it; the counsellor's still does."""
    document = signed_declaration(world)
    item_services.item_set_audience(item=document.document, by=world.users["pro_a"], audience="professionals")
    data, overview, printed = exported(world, "young", django_capture_on_commit_callbacks)
    assert data["signatures"] == []
    assert "Engagementsverklaring" not in json.dumps(data) + overview + printed
    assert "I endorse this" not in overview
    data, overview, _printed = exported(world, "pro_a", django_capture_on_commit_callbacks)
    assert [row["title"] for row in data["signatures"]] == ["Engagementsverklaring"]
    assert "I endorse this" in overview


def test_a_proposal_is_in_the_export_of_its_proposer_and_the_invited(world, django_capture_on_commit_callbacks):
    """The young person proposed two times to the counsellor, who said no to one and yes to the other, which she
    confirmed: both exports hold the times, the answers and the confirmed time."""
    proposal, chosen = confirmed_proposal(world)
    for who in ("young", "pro_a"):
        data, overview, printed = exported(world, who, django_capture_on_commit_callbacks)
        [row] = data["proposals"]
        assert row["title"] == "Samen plannen" and row["place"] == SECRET_PLACE
        assert row["proposed_by"] == world.seats["young"].label
        assert row["invited"] == [world.seats["pro_a"].label]
        assert row["confirmed"]["start"] == chosen.start.isoformat()
        assert row["confirmed"]["by"] == world.seats["young"].label
        answers = [option["answers"] for option in row["options"]]
        assert answers == [
            [{"person": world.seats["pro_a"].label, "answer": "No"}],
            [{"person": world.seats["pro_a"].label, "answer": "Yes"}],
        ]
        assert "Samen plannen" in overview and SECRET_PLACE in overview
        assert f"{world.seats['pro_a'].label} (yes)" in overview
        assert f"Confirmed time</dt><dd>{shown_moment(chosen.start)} – {shown_moment(chosen.end)}" in overview
        assert "Samen plannen" in printed and "Confirmed time" in printed


def test_a_proposal_the_requester_was_not_invited_to_is_not_in_it(world, django_capture_on_commit_callbacks):
    """The counsellor proposed a time to the coordinator only: the young person (regie holder, not invited) gets
    nothing of it in her export — just as the Agenda shows her nothing of it."""
    confirmed_proposal(world, by="pro_a", invited=("coordinator",), title="Overleg hulpverleners", place=HIDDEN_PLACE)
    data, overview, printed = exported(world, "young", django_capture_on_commit_callbacks)
    assert data["proposals"] == []
    for text in ("Overleg hulpverleners", HIDDEN_PLACE):
        assert text not in overview and text not in printed
        assert text not in json.dumps(data)
    page = world.client("young").get(reverse("trajectories:agenda", args=[world.space.pk])).content.decode()
    assert "Overleg hulpverleners" not in page
    data, _overview, _printed = exported(world, "pro_a", django_capture_on_commit_callbacks)
    assert [row["title"] for row in data["proposals"]] == ["Overleg hulpverleners"]


def build_queries(world):
    export = SpaceExport.objects.create(trajectory=world.space, user=world.users["pro_a"])
    with CaptureQueriesContext(connection) as queries:
        export_services.export_build(export_id=export.pk)
    return len(queries)


def test_the_export_reads_do_not_grow_with_proposals_and_signatures(world):
    """PERF: one proposal and one signer, then four proposals and three signers: the same number of queries."""
    document = follow_to_the_declaration(world)
    blueprints.signers_choose(phase_document=document, by=world.users["pro_a"], participants=[world.seats["young"]])
    confirmed_proposal(world)
    few = build_queries(world)
    blueprints.signers_choose(
        phase_document=document,
        by=world.users["pro_a"],
        participants=[world.seats[who] for who in ("young", "parent", "coordinator")],
    )
    for number in range(3):
        confirmed_proposal(world, title=f"Nog een {number}")
    assert build_queries(world) == few
