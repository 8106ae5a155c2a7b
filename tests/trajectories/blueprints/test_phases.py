"""Trajectory templates in a space (issue 13 §1, seeds 003 and 004): starting a space from a template, its phases
with their checklist on the Overzicht, moving on as one action, and the engagement declaration the chosen people
sign. Every transition is refused, with the reason on the page, for whoever may not make it; after a phase change
the role sweep of tests/security/test_trajectory_sweep.py is run again (nothing becomes visible to anyone it was not).

Requirements: SEC-01 (404 for who is not in the space), SEC-04 (the matrix of roles and actions), SEC-14 (every
change in the access log), REL-01 (one transaction: a refused template starts no space).
"""

import functools

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from tests.fixtures.worlds import computed_once
from tests.security.test_trajectory_sweep import AUDIENCES, KINDS, build_round, knowers, readers, space_pages
from tests.trajectories.closure.test_closure import sweep_world
from tests.trajectories.world import ACTIVE, PEOPLE
from trajectories.audit.models import AccessLogEntry
from trajectories.audit.services import SPACE_PHASE, SPACE_SIGNED, SPACE_SIGNERS
from trajectories.blueprints import services
from trajectories.blueprints.models import PhaseDocument, Signature, SpacePhase, TrajectoryTemplate
from trajectories.blueprints.shipped import WORKSHOPS, YOUTH_CARE
from trajectories.documents.models import Document
from trajectories.models import Goal, Participant, Role, Trajectory
from trajectories.spaces import services as space_services

pytestmark = pytest.mark.django_db


def shipped(key):
    return TrajectoryTemplate.objects.get(key=key)


def follow(world, key=WORKSHOPS, by="pro_a", target_group="jongeren van de wijk"):
    """The sweep's space follows a shipped template, set by its counsellor."""
    return services.template_apply(
        trajectory=world.space, by=world.users[by], template=shipped(key), target_group=target_group
    )


def current(world):
    return SpacePhase.objects.get(trajectory=world.space, started_at__isnull=False, ended_at__isnull=True)


def advance(world, who, phase=None):
    phase = phase if phase is not None else current(world)
    return world.client(who).post(reverse("trajectories:phase_advance", args=[world.space.pk]), {"fase": phase.pk})


def page(world, who, name="phases"):
    return world.client(who).get(reverse(f"trajectories:{name}", args=[world.space.pk]))


# --- The shipped templates -------------------------------------------------------------------------------------


def test_both_seed_templates_ship_with_the_platform_for_every_organisation():
    """After migrate both templates are there, platform-wide (no organisation), in the seeds' words: the youth-care
    trajectory of seed 004 and the workshops of seed 003 with the engagement declaration to sign."""
    youth = shipped(YOUTH_CARE)
    workshops = shipped(WORKSHOPS)
    assert youth.organisation is None and workshops.organisation is None
    assert [p.title for p in youth.phases.order_by("sort_order")] == [
        "Kennismaking",
        "Plan",
        "Uitvoering",
        "Evaluatie",
        "Afsluiting",
    ]
    assert [p.title for p in workshops.phases.order_by("sort_order")] == [
        "Terugblikken",
        "Andere ideeën",
        "Verduurzamen",
        "Evalueren",
    ]
    declaration = workshops.documents.get()
    assert declaration.title == "Engagementsverklaring" and declaration.to_sign and declaration.phase_number == 3
    assert "{organisatie}" in declaration.body and "{trekkers}" in declaration.body


# --- Starting a space from a template --------------------------------------------------------------------------


def test_a_professional_starts_a_space_from_the_workshop_template(world):
    """The start form offers the templates; the first phase starts at once, its default goal is a goal of the plan,
    and the Overzicht shows the current phase with its checklist. The access log has the start of the phase."""
    client = world.client("pro_a")
    form = client.get(reverse("trajectories:start")).content.decode()
    assert "Workshoptraject digitale oefenkansen" in form and "Jeugdhulptraject" in form
    response = client.post(
        reverse("trajectories:start"),
        {
            "title": "Oefenkansen in het buurthuis",
            "role": Role.PROFESSIONAL,
            "regie": "client",
            "organisation": world.organisation_a.pk,
            "template": shipped(WORKSHOPS).pk,
            "target_group": "bezoekers van het buurthuis",
        },
    )
    assert response.status_code == 302
    space = Trajectory.objects.get(title="Oefenkansen in het buurthuis")
    phases = list(SpacePhase.objects.filter(trajectory=space).order_by("position"))
    assert [p.title for p in phases][:2] == ["Terugblikken", "Andere ideeën"]
    assert phases[0].is_current and phases[1].started_at is None
    assert list(Goal.objects.filter(trajectory=space).values_list("title", flat=True)) == [
        "Zicht krijgen op wat de voorbije acties opleverden"
    ]
    overview = client.get(reverse("trajectories:overview", args=[space.pk])).content.decode()
    assert "Phase 1 of 4: Terugblikken" in overview
    assert "Slaagde de activiteit erin om een digitale oefenkans te zijn?" in overview
    assert AccessLogEntry.objects.filter(trajectory=space, item_type=SPACE_PHASE).count() == 1


def test_a_template_of_another_organisation_is_refused_and_starts_no_space(world, other_organisation):
    """Bad input (REL-01): a forged choice of a template the person is not offered (another organisation's) is
    refused on the form; no space is made."""
    theirs = TrajectoryTemplate.objects.create(name="Van B", organisation=other_organisation)
    theirs.phases.create(title="Enige fase")
    response = world.client("pro_a").post(
        reverse("trajectories:start"),
        {"title": "Niet zo", "role": Role.PROFESSIONAL, "regie": "client", "template": theirs.pk},
    )
    assert response.status_code == 400 and "Choose one of the templates in the list." in response.content.decode()
    assert not Trajectory.objects.filter(title="Niet zo").exists()
    with pytest.raises(Exception, match="Choose one of the templates"):
        services.trajectory_start_from_template(
            user=world.users["pro_a"], template=theirs, title="Niet zo", role=Role.PROFESSIONAL
        )
    assert not Trajectory.objects.filter(title="Niet zo").exists()


def test_a_space_without_a_template_has_no_trajectory_tab(world):
    assert page(world, "young").status_code == 404
    assert "Phase 1" not in page(world, "young", "overview").content.decode()


# --- Moving on -------------------------------------------------------------------------------------------------


def test_the_counsellor_moves_on_in_one_action_recorded_in_the_access_log(world):
    follow(world)
    first = current(world)
    response = advance(world, "pro_a")
    assert response.status_code == 302
    now = current(world)
    assert now.position == 2 and now.title == "Andere ideeën"
    first.refresh_from_db()
    assert first.ended_at is not None
    row = AccessLogEntry.objects.filter(trajectory=world.space, item_type=SPACE_PHASE).order_by("-pk").first()
    assert row.participant_id == world.seats["pro_a"].pk and row.item_id == now.pk
    body = page(world, "parent").content.decode()
    assert "Current phase" in body and "Nieuwe ideeën voor oefenkansen zijn genoteerd" in body
    log = page(world, "young", "access_log").content.decode()
    assert "Moved the trajectory on to its next phase" in log


@pytest.mark.parametrize(
    ("who", "status", "reason"),
    [
        ("parent", 403, "Only the person who decides or a professional can move the trajectory on."),
        ("network", 403, "Only the person who decides or a professional can move the trajectory on."),
        ("banned_parent", 404, None),
        ("pro_b", 404, None),
        ("org_admin", 404, None),
        ("superadmin", 404, None),
        ("outsider", 404, None),
    ],
)
def test_moving_on_is_refused_with_the_reason_for_whoever_may_not(world, who, status, reason):
    """SEC-04: family and network members are told why; people outside the space get the 404 of a missing space.
    The phase does not change."""
    follow(world)
    before = current(world)
    response = advance(world, who, before)
    assert response.status_code == status
    if reason:
        assert reason in response.content.decode()
    assert current(world).pk == before.pk


def test_the_young_person_who_holds_regie_and_the_coordinator_move_on_too(world):
    follow(world)
    assert advance(world, "young").status_code == 302
    assert advance(world, "coordinator").status_code == 302
    assert current(world).position == 3


def test_a_second_click_never_skips_a_phase(world):
    """The form names the phase it moves on from: a second post of the same form (or a colleague who was quicker)
    is refused with the reason and the space stays in the next phase."""
    follow(world)
    first = current(world)
    assert advance(world, "pro_a", first).status_code == 302
    again = advance(world, "coordinator", first)
    assert again.status_code == 403 and "The trajectory has moved on already." in again.content.decode()
    assert current(world).position == 2


def test_a_closed_space_does_not_move_on(world):
    follow(world)
    before = current(world)
    space_services.trajectory_close(trajectory=world.space, by=world.users["young"], reason="Klaar", keep=[])
    response = advance(world, "young", before)
    assert response.status_code == 403 and "This space is closed" in response.content.decode()
    assert current(world).pk == before.pk


def test_after_the_last_phase_the_trajectory_is_finished(world):
    follow(world, key=YOUTH_CARE)
    for _ in range(5):
        assert advance(world, "pro_a").status_code == 302
    assert not SpacePhase.objects.filter(trajectory=world.space, ended_at__isnull=True).exists()
    assert "Every phase is done. The trajectory is finished." in page(world, "young", "overview").content.decode()
    last = SpacePhase.objects.filter(trajectory=world.space).order_by("-position").first()
    refused = advance(world, "pro_a", last)
    assert refused.status_code == 403 and "Every phase of this trajectory is done." in refused.content.decode()


def test_documents_of_a_phase_are_made_when_it_starts_with_the_placeholders_filled(world):
    """The engagement declaration belongs to the third phase: made then, by who moved on, for everyone in the space,
    with the organisation, the date, the target group and the professionals (trekkers) filled in."""
    follow(world)
    assert not Document.objects.filter(trajectory=world.space).exists()
    advance(world, "pro_a")
    advance(world, "pro_a")
    document = Document.objects.get(trajectory=world.space, title="Engagementsverklaring")
    text = document.versions.get().text
    assert f"Als medewerkers van {world.organisation_a.title} willen" in text
    assert "We willen dit vooral doen voor jongeren van de wijk." in text
    assert f"Op {date_format(timezone.localdate(), 'd/m/Y')} hebben we" in text
    assert world.seats["pro_a"].label in text and world.seats["coordinator"].label in text
    assert "{" not in text
    assert document.author_id == world.seats["pro_a"].pk and document.audience == "everyone"
    assert Goal.objects.filter(
        trajectory=world.space, title="Onze organisatie blijft inzetten op digitale oefenkansen"
    ).exists()


# --- Signing the engagement declaration -------------------------------------------------------------------------


def declaration(world):
    follow(world)
    advance(world, "pro_a")
    advance(world, "pro_a")
    return PhaseDocument.objects.get(phase__trajectory=world.space, to_sign=True)


def choose(world, who, document, *people):
    return world.client(who).post(
        reverse("trajectories:signers", args=[world.space.pk, document.pk]),
        {"signers": [world.seats[p].pk for p in people]},
    )


def sign(world, who, document):
    return world.client(who).post(reverse("trajectories:sign", args=[world.space.pk, document.pk]))


def test_the_chosen_people_sign_the_engagement_declaration_with_time_in_the_access_log(world):
    document = declaration(world)
    assert choose(world, "pro_a", document, "young", "parent").status_code == 302
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=SPACE_SIGNERS).count() == 1
    body = page(world, "young").content.decode()
    assert "I endorse this" in body and "not signed yet" in body
    assert sign(world, "young", document).status_code == 302
    signature = Signature.objects.get(phase_document=document, participant=world.seats["young"])
    assert signature.signed_at is not None
    row = AccessLogEntry.objects.get(trajectory=world.space, item_type=SPACE_SIGNED)
    assert row.participant_id == world.seats["young"].pk and row.item_id == document.document_id
    shown = page(world, "parent").content.decode()
    assert "Sara Peeters: <strong>signed “I endorse this” on" in shown
    assert "signed “I endorse this”" in shown and "not signed yet" in shown  # mum has not signed yet
    assert "Signed a document" in page(world, "young", "access_log").content.decode()


def test_signing_is_refused_with_the_reason_for_who_was_not_chosen_or_signed_already(world):
    document = declaration(world)
    choose(world, "pro_a", document, "young")
    refused = sign(world, "network", document)
    assert refused.status_code == 403 and "You were not asked to sign this document." in refused.content.decode()
    assert sign(world, "young", document).status_code == 302
    again = sign(world, "young", document)
    assert again.status_code == 403 and "You signed this document already." in again.content.decode()
    assert sign(world, "outsider", document).status_code == 404
    assert Signature.objects.filter(phase_document=document, signed_at__isnull=False).count() == 1


def test_choosing_who_signs_is_for_whoever_leads_and_only_people_taking_part(world):
    document = declaration(world)
    refused = choose(world, "parent", document, "parent")
    assert refused.status_code == 403
    assert "Only the person who decides or a professional chooses who signs." in refused.content.decode()
    banned = choose(world, "pro_a", document, "banned_parent")
    assert banned.status_code == 400
    assert not Signature.objects.filter(phase_document=document).exists()
    choose(world, "pro_a", document, "young", "parent")
    sign(world, "young", document)
    choose(world, "pro_a", document, "network")  # mum had not signed: taken off; Sara's signature stays
    assert set(Signature.objects.filter(phase_document=document).values_list("participant_id", flat=True)) == {
        world.seats["young"].pk,
        world.seats["network"].pk,
    }


def test_a_declaration_not_for_you_shows_no_signatures(world):
    """Who signed is shown only beside a document the viewer may read: once the young person (regie) narrows the
    declaration to the professionals, the teacher no longer sees it on the Traject page, nor can she sign it."""
    document = declaration(world)
    choose(world, "pro_a", document, "network")
    from trajectories.items import services as item_services

    item_services.item_set_audience(item=document.document, by=world.users["young"], audience="professionals")
    body = page(world, "network").content.decode()
    assert "Engagementsverklaring" not in body
    assert sign(world, "network", document).status_code == 404


# --- The sweep after a phase change ------------------------------------------------------------------------------


def _sweep_after_phase_changes(shared):
    """The sweep of tests/security/test_trajectory_sweep.py after each move on, once for all kinds: per audience one
    item of every kind, the space moves on, and every page and item is asked by everyone; the problems per kind
    (a problem of a page or of the declaration is every kind's). Stops in the phase with the declaration."""
    world = sweep_world(shared)
    follow(world)
    problems = {key: [] for key in KINDS}

    def everyone(problem):
        for found in problems.values():
            found.append(problem)

    for audience in AUDIENCES:
        built = build_round(world, audience)
        assert advance(world, "pro_a").status_code == 302
        pages = space_pages(world)
        assert reverse("trajectories:phases", args=[world.space.pk]) in pages
        for who in PEOPLE:
            client = world.client(who)
            for url in pages:
                response = client.get(url)
                body = response.content.decode()
                if who in ACTIVE and response.status_code not in (200, 404):
                    everyone(f"{who} {url}: {response.status_code}")
                if who not in ACTIVE and response.status_code != 404:
                    everyone(f"{who} {url}: {response.status_code}, expected 404")
                for key, (_kind, _item, secret) in built.items():
                    if who not in readers(audience) and secret in body:
                        problems[key].append(f"{who} reads {key}/{audience} on {url}")
            for key, (kind, item, secret) in built.items():
                response = client.get(kind.item_url(world.space.pk, item.pk))
                body = response.content.decode()
                if who in readers(audience):
                    if response.status_code != 200 or secret not in body:
                        problems[key].append(f"{who} cannot read {key}/{audience}")
                elif who in knowers(audience):
                    if response.status_code != 200 or secret in body:
                        problems[key].append(f"{who} {key}/{audience}: expected the placeholder")
                elif response.status_code != 404 or secret in body:
                    problems[key].append(f"{who} {key}/{audience}: {response.status_code}, expected 404")
        if current(world).position == 3:
            break  # the declaration exists now; a fourth move would finish the trajectory
    made = Document.objects.filter(trajectory=world.space, title="Engagementsverklaring").first()
    if made is None:
        everyone("no engagement declaration was made")
    else:
        for who in PEOPLE:
            status = world.client(who).get(reverse("trajectories:document", args=[world.space.pk, made.pk]))
            expected = 200 if who in ACTIVE else 404
            if status.status_code != expected:
                everyone(f"{who} declaration: {status.status_code}, expected {expected}")
    return problems


@pytest.fixture(scope="module")
def phase_change_problems(shared_world, django_db_blocker):
    """The sweep after moving on, made once for the module in a transaction rolled back at once
    (tests/fixtures/worlds.py); in English, like every test of the spaces."""
    with translation.override("en"):
        return computed_once(django_db_blocker, functools.partial(_sweep_after_phase_changes, shared_world))


@pytest.mark.parametrize("key", KINDS)
def test_after_a_phase_change_nobody_sees_anything_new(phase_change_problems, key):
    """The sweep of tests/security/test_trajectory_sweep.py after moving on: every item of every kind and audience is
    read by exactly its readers, the young person sees that it exists, everyone else gets a 404, on every page of
    the space (the Traject page too); the documents the new phase made are read by the people in the space only.
    The items of every kind are in the space at once."""
    assert phase_change_problems[key] == []


def test_a_template_applied_twice_is_refused(world):
    follow(world)
    with pytest.raises(Exception, match="already follows a template"):
        follow(world)
    assert SpacePhase.objects.filter(trajectory=world.space).count() == 4
    assert Participant.objects.filter(trajectory=world.space).count() == 6
