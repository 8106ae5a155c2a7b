"""Closing a space over time (issue 13 §4, seed 004: the information stays with the young person after care ends,
previous carers lose access).

Closing makes the space read-only with a reason; the young person and the family members she keeps go on reading;
professionals lose access unless she keeps them, and then only for the period their organisation sets; she can
still take anyone out of a closed space; opening it again needs her consent (or that of whoever holds regie) and
is in the access log. After each transition the role sweep of tests/security/test_trajectory_sweep.py is run
again: who reads which item of every kind and audience, every page of the space, the iCal feed.

Requirements: SEC-01, SEC-04, SEC-05 (access ends at once), SEC-14 (access log), REL-* (nothing rewritten twice).
"""

import functools
import re
from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation

from tests.fixtures.worlds import computed_once, fresh_copy
from tests.security.test_trajectory_sweep import AUDIENCES, KINDS, build, build_round, readers, space_pages
from tests.trajectories.world import PEOPLE
from trajectories import factories
from trajectories.agenda.ical import feed_url
from trajectories.agenda.services import feed_reset
from trajectories.audit.models import AccessLogEntry
from trajectories.audit.services import SPACE_CLOSED, SPACE_READERS, SPACE_REOPENED
from trajectories.models import Participant, ParticipantStatus, TrajectoryStatus
from trajectories.spaces import services

pytestmark = pytest.mark.django_db

REASON = "De begeleiding is afgerond."


@pytest.fixture
def world(world):
    """The sweep's space (tests/trajectories/world.py) with the plain goal the sweep adds, so kinds that need a goal
    (actions, evaluations) can choose one."""
    factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Gewoon doel")
    return world


def close(world, who="young", keep=("parent", "pro_a"), reason=REASON):
    data = {"reason": reason, "keep": [world.seats[k].pk for k in keep]}
    return world.client(who).post(reverse("trajectories:close", args=[world.space.pk]), data)


def page(world, who, name="overview"):
    return world.client(who).get(reverse(f"trajectories:{name}", args=[world.space.pk]))


def opens(world, who):
    return page(world, who).status_code == 200


def readers_problems(world, built, kept):
    """The sweep's rule after a transition, for `built` ({(key, audience): (kind, item, secret)}): an item's readers
    are its readers before, of the people still reading (`kept`); the young person still sees that every item
    exists; everyone else gets a 404 for every page and item. The problems per (key, audience) of `built` (a page's
    are every item's)."""
    problems = {label: [] for label in built}
    pages = space_pages(world)
    for who in PEOPLE:
        client = world.client(who)
        for url in pages:
            status = client.get(url).status_code
            if who in kept and status not in (200, 404):  # 404: the access log, for some
                for found in problems.values():
                    found.append(f"{who} {url}: {status}")
            if who not in kept and status != 404:
                for found in problems.values():
                    found.append(f"{who} {url}: {status}, expected 404 (no longer reads the space)")
        for (key, audience), (kind, item, secret) in built.items():
            response = client.get(kind.item_url(world.space.pk, item.pk))
            body = response.content.decode()
            found = problems[key, audience]
            if who in readers(audience) & kept:
                if response.status_code != 200 or secret not in body:
                    found.append(f"{who} cannot read {kind.key}/{audience} ({response.status_code})")
            elif who == "young":
                if response.status_code != 200 or secret in body or "not for you" not in body:
                    found.append(f"young {kind.key}/{audience}: expected the placeholder")
            elif response.status_code != 404 or secret in body:
                found.append(f"{who} {kind.key}/{audience}: {response.status_code}, expected 404")
    return problems


def audience_problems(world, built, kept):
    """:func:`readers_problems` for `built` as {audience: (kind, item, secret)}, per audience."""
    labelled = {(kind.key, audience): (kind, item, secret) for audience, (kind, item, secret) in built.items()}
    return {audience: found for (_key, audience), found in readers_problems(world, labelled, kept).items()}


def sweep_world(shared):
    """The sweep's space: a copy of the module's shared world (tests/trajectories/conftest.py) with the plain goal the
    sweep adds, for a sweep made once for a module (:func:`tests.fixtures.worlds.computed_once`, a savepoint inside
    the shared world's transaction, so the goal and all the sweep writes are gone when it returns)."""
    world = fresh_copy(shared)
    factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Gewoon doel")
    return world


def once_in_english(django_db_blocker, compute, **settings):
    """`compute()` once for the module in a transaction rolled back at once, in English like every test of the
    spaces (their autouse fixture is per test)."""
    with translation.override("en"):
        return computed_once(django_db_blocker, compute, **settings)


def assert_readers(world, built, kept):
    """:func:`readers_problems` for `built` as {audience: (kind, item, secret)}: none."""
    problems = readers_problems(
        world, {(kind.key, audience): (kind, item, secret) for audience, (kind, item, secret) in built.items()}, kept
    )
    assert [problem for found in problems.values() for problem in found] == []


def _sweep_after_closing(shared):
    """For each audience in turn: one item of every kind, the young person closes keeping her mum and her
    counsellor, the sweep's rule is checked, she reopens with consent. Once for all kinds; problems per kind."""
    world = sweep_world(shared)
    problems = {key: [] for key in KINDS}
    for audience in AUDIENCES:  # one at a time: some kinds (the social map) hold one item per author
        built = {(key, audience): item for key, item in build_round(world, audience).items()}
        assert close(world).status_code == 302
        for (key, _audience), found in readers_problems(world, built, {"young", "parent", "pro_a"}).items():
            problems[key].extend(found)
        services.trajectory_reopen(trajectory=world.space, by=world.users["young"], consent=True)
    return problems


@pytest.fixture(scope="module")
def closing_problems(shared_world, django_db_blocker):
    """The sweep after closing, made once for the module in a transaction rolled back at once
    (tests/fixtures/worlds.py); in English, like every test of the spaces."""
    return once_in_english(django_db_blocker, functools.partial(_sweep_after_closing, shared_world))


@pytest.mark.parametrize("key", KINDS)
def test_after_closing_only_the_young_person_and_whom_she_keeps_read_every_kind(closing_problems, key):
    """SEC-01/SEC-05: the young person closes her space keeping her mum and her counsellor: the teacher and the
    coordinator (not kept) lose every page and item at once; the kept ones read exactly what they read before.
    Reopened with her consent, the next audience is checked the same way. The items of every kind are in the
    space at once."""
    assert closing_problems[key] == []


def test_closing_by_the_counsellor_keeps_the_family_and_shuts_out_the_professionals(world):
    """Closed by someone else who holds regie (the counsellor): the family stays, every professional — the closer
    too — leaves until the young person keeps them. Everyone still reading sees why the space was closed."""
    built = {audience: build(world, "goal", audience) for audience in AUDIENCES}
    response = close(world, who="pro_a", keep=())
    assert response.status_code == 302 and response["Location"] == reverse("trajectories:my_spaces")
    assert_readers(world, built, {"young", "parent", "network"})
    for who in ("young", "parent"):
        body = page(world, who).content.decode()
        assert "This space is closed" in body and REASON in body
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.CLOSED and world.space.closure_reason == REASON
    log = AccessLogEntry.objects.get(trajectory=world.space, item_type=SPACE_CLOSED)
    assert log.participant_id == world.seats["pro_a"].pk


def test_a_reason_is_needed_and_what_was_typed_is_kept(world):
    """Bad input: no reason, no closing; the form says so and keeps the ticked people."""
    response = close(world, reason="   ", keep=("parent",))
    body = response.content.decode()
    assert response.status_code == 400 and "Say why the space is closed." in body
    assert re.search(rf'value="{world.seats["parent"].pk}"[^>]*checked', body)
    assert not re.search(rf'value="{world.seats["coordinator"].pk}"[^>]*checked', body)
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.ACTIVE
    assert opens(world, "coordinator")


def test_who_may_not_close_is_refused_with_the_reason(world):
    """Only whoever holds regie closes: the mum and the coordinator are refused (403 with the reason), an outsider
    gets the 404 of a missing space; nothing changes."""
    for who in ("parent", "coordinator"):
        response = close(world, who=who)
        assert response.status_code == 403, who
        assert "Only the person who decides in this space" in response.content.decode()
    assert close(world, who="outsider").status_code == 404
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.ACTIVE


def test_a_kept_professional_reads_for_the_period_the_organisation_sets(world):
    """The organisation sets 10 days: the kept counsellor reads until then (the page says until when), then no
    longer — without anyone running anything."""
    organisation = world.space.organisation
    organisation.closure_access_days = 10
    organisation.save(update_fields=["closure_access_days"])
    before = timezone.now()
    close(world)
    seat = Participant.objects.get(pk=world.seats["pro_a"].pk)
    assert before + timedelta(days=10) <= seat.access_until <= timezone.now() + timedelta(days=10)
    body = page(world, "pro_a").content.decode()
    assert "You can read it until" in body
    parent = Participant.objects.get(pk=world.seats["parent"].pk)
    assert parent.access_until is None  # the family she keeps: for as long as she wants
    Participant.objects.filter(pk=seat.pk).update(access_until=timezone.now() - timedelta(seconds=1))
    assert not opens(world, "pro_a")
    assert opens(world, "parent") and opens(world, "young")


def test_the_ical_feed_of_someone_shut_out_no_longer_lists_the_space(world):
    """The coordinator's calendar feed stops listing the space's appointments once they no longer read it."""
    kind, item, _secret = build(world, "appointment", AUDIENCES[0])
    token = feed_reset(user=world.users["coordinator"])
    try:
        url = feed_url(token)
    except NoReverseMatch:  # pragma: no cover
        url = reverse("trajectories:agenda_feed", args=[token])
    path = url.split("://", 1)[-1]
    path = path[path.index("/") :] if "://" in url else url
    item_url = kind.item_url(world.space.pk, item.pk)
    assert item_url in world.client("anonymous").get(path).content.decode()
    close(world)
    assert item_url not in world.client("anonymous").get(path).content.decode()


def test_the_young_person_chooses_who_keeps_reading_the_closed_space(world):
    """After the counsellor closed it, the young person keeps the coordinator (for the organisation's period) and
    stops her teacher; someone else still reading cannot choose; it is in the access log."""
    close(world, who="pro_a", keep=())
    url = reverse("trajectories:keep_readers", args=[world.space.pk])
    people = page(world, "young", "participants").content.decode()
    assert url in people and "Who keeps reading the space?" in people
    assert url not in page(world, "parent", "participants").content.decode()
    refused = world.client("parent").post(url, {"keep": [world.seats["parent"].pk, world.seats["pro_a"].pk]})
    assert refused.status_code == 403 and "Only the young person chooses" in refused.content.decode()
    assert not opens(world, "pro_a")
    keep = [world.seats["parent"].pk, world.seats["coordinator"].pk]
    assert world.client("young").post(url, {"keep": keep}).status_code == 302
    assert opens(world, "coordinator") and opens(world, "parent")
    assert not opens(world, "network") and not opens(world, "pro_a")
    assert Participant.objects.get(pk=world.seats["coordinator"].pk).access_until > timezone.now()
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=SPACE_READERS).count() == 1
    log = page(world, "young", "access_log").content.decode()
    assert "Chose who keeps reading the closed space" in log and "Closed the space" in log


def test_the_young_person_still_removes_anyone_from_a_closed_space(world):
    """She takes her mum out of the closed space: the mum sees nothing from then on. The mum, still reading, cannot
    take anyone out."""
    close(world)
    mum = world.seats["parent"]
    remove_mum = reverse("trajectories:participant_remove", args=[world.space.pk, mum.pk])
    assert remove_mum in page(world, "young", "participants").content.decode()
    remove_counsellor = reverse("trajectories:participant_remove", args=[world.space.pk, world.seats["pro_a"].pk])
    assert world.client("parent").post(remove_counsellor, {"confirm": "yes"}).status_code == 403
    assert world.client("young").post(remove_mum, {"confirm": "yes"}).status_code == 302
    mum.refresh_from_db()
    assert mum.status == ParticipantStatus.REMOVED
    assert not opens(world, "parent")
    assert opens(world, "pro_a")


def test_reopening_needs_consent_and_is_logged(world):
    """The mum (still reading) cannot reopen; the young person must tick her consent; then everyone still taking
    part reads and writes again — the page named them first — and the access log says who reopened it."""
    close(world)
    url = reverse("trajectories:reopen", args=[world.space.pk])
    refused = world.client("parent").post(url, {"consent": "on"})
    assert refused.status_code == 403 and "Only the young person or the person who decides" in refused.content.decode()
    question = world.client("young").get(url).content.decode()
    assert "I agree that the space opens again" in question and "EchteCoordinator" in question
    unticked = world.client("young").post(url, {})
    assert unticked.status_code == 400 and "Tick that you agree" in unticked.content.decode()
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.CLOSED and not opens(world, "coordinator")
    assert world.client("young").post(url, {"consent": "on"}).status_code == 302
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.ACTIVE and world.space.closure_reason == ""
    assert all(opens(world, who) for who in ("coordinator", "network", "pro_a", "parent"))
    log = AccessLogEntry.objects.get(trajectory=world.space, item_type=SPACE_REOPENED)
    assert log.participant_id == world.seats["young"].pk
    assert "Opened the space again, with consent" in page(world, "young", "access_log").content.decode()


def test_a_kept_regie_holder_reopens_a_network_member_cannot(world):
    """The counsellor holds regie with the young person: kept, they may reopen with consent; the kept teacher may
    not. Without the young person's seat the space cannot be reopened by someone shut out (404)."""
    close(world, keep=("pro_a", "network"))
    url = reverse("trajectories:reopen", args=[world.space.pk])
    assert world.client("network").post(url, {"consent": "on"}).status_code == 403
    assert world.client("coordinator").post(url, {"consent": "on"}).status_code == 404
    with pytest.raises(services.NotAllowed):
        services.trajectory_reopen(trajectory=world.space, by=world.users["network"], consent=True)
    assert world.client("pro_a").post(url, {"consent": "on"}).status_code == 302
    world.space.refresh_from_db()
    assert world.space.status == TrajectoryStatus.ACTIVE


def test_files_of_a_closed_space_are_served_only_to_whom_she_keeps(world, settings, tmp_path):
    """SEC-01 for files: after closing, the kept counsellor still downloads a shared file; the coordinator (not
    kept) gets the 404 of a missing file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trajectories.documents.services import document_create_file

    settings.TRAJECTORY_FILES_ROOT = tmp_path / "bestanden"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = SimpleUploadedFile("verslag.pdf", pdf, content_type="application/pdf")
    document = document_create_file(trajectory=world.space, by=world.users["pro_a"], title="Verslag", upload=upload)
    url = reverse("trajectories:document_download", args=[world.space.pk, document.pk, 1])
    assert world.client("coordinator").get(url).status_code == 200
    close(world)
    kept = world.client("pro_a").get(url)
    assert kept.status_code == 200 and b"".join(kept.streaming_content) == pdf
    assert world.client("coordinator").get(url).status_code == 404
    assert world.client("network").get(url).status_code == 404
