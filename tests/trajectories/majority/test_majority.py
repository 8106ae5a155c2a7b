"""Majority (issue 13 §6, seed 004: "zelf beslissen over het al dan niet verwijderen van de inhoud bij
meerderjarigheid").

With her birth date known, the young person is reminded 30 days before she turns 18 and asked on the day (a banner in
the space, a mail without care content): keep the space, keep it only to read, or download and delete it. Regie
passes to her; her parents' access ends unless she keeps them, one by one. ``process_majority`` reminds and asks
each young person once, however often it runs. After each choice the sweep's rule (tests/security/
test_trajectory_sweep.py) is checked again: who reads which item of every audience, every page, files and iCal.

Requirements: SEC-04 (only she chooses), SEC-05 (access ends at once), SEC-14 (logged), SEC-22 (neutral mail),
REL-12 (safe to run twice).
"""

import functools
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import Notification, OutboundMessage
from tests.security.test_trajectory_sweep import AUDIENCES, build
from tests.trajectories.closure.test_closure import audience_problems, once_in_english, sweep_world
from trajectories import factories
from trajectories.audit.models import AccessLogEntry
from trajectories.audit.services import MAJORITY_CHOICE, SPACE_MAJORITY
from trajectories.export.models import SpaceExport
from trajectories.majority.services import NOTIFICATION_TYPE, process_majority
from trajectories.models import Participant, ParticipantStatus, Regie, Trajectory, TrajectoryStatus

pytestmark = pytest.mark.django_db

TODAY = date(2026, 12, 4)
EIGHTEEN_TODAY = date(2008, 12, 4)


@pytest.fixture
def world(world):
    factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Gewoon doel")
    return world


def set_birth_date(world, birth_date, who="young"):
    url = reverse("trajectories:birth_date", args=[world.space.pk])
    return world.client(who).post(url, {"birth_date": birth_date})


def seat(world, who):
    return Participant.objects.get(pk=world.seats[who].pk)


def majority_mails(world):
    return OutboundMessage.objects.filter(type=NOTIFICATION_TYPE, recipient=world.users["young"])


def asked(world, birth_date=EIGHTEEN_TODAY):
    Participant.objects.filter(pk=world.seats["young"].pk).update(birth_date=birth_date)
    return process_majority(today=TODAY)


def choose(world, choice, keep=(), who="young"):
    data = {"choice": choice, "keep_parents": [world.seats[k].pk for k in keep]}
    return world.client(who).post(reverse("trajectories:majority", args=[world.space.pk]), data)


def test_the_young_person_or_the_regie_holder_sets_the_birth_date_never_in_the_future(world):
    """Bad input: a day in the future is refused with a clear message and the form keeps what was typed; the young
    person and the counsellor (regie) may set it, her mum and the coordinator may not."""
    future = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = set_birth_date(world, future)
    body = response.content.decode()
    assert response.status_code == 400 and "A birth date cannot be in the future." in body and future in body
    assert seat(world, "young").birth_date is None
    assert set_birth_date(world, "14/03/2009").status_code == 302
    assert seat(world, "young").birth_date == date(2009, 3, 14)
    assert set_birth_date(world, "15/03/2009", who="pro_a").status_code == 302
    assert seat(world, "young").birth_date == date(2009, 3, 15)
    for who in ("parent", "coordinator"):
        response = set_birth_date(world, "01/01/2000", who=who)
        assert (
            response.status_code == 403
            and "Only the young person or the person who decides" in response.content.decode()
        )
    assert seat(world, "young").birth_date == date(2009, 3, 15)
    assert (
        "Birth date of the young person"
        not in world.client("parent").get(reverse("trajectories:participants", args=[world.space.pk])).content.decode()
    )


def test_reminder_thirty_days_before_once_and_then_asked_once_on_the_birthday(world):
    """REL-12: the reminder leaves once (a second run the same day, and the next day, send nothing more); on her
    birthday she is asked once; the mails are neutral (no name of the space, no care content, SEC-22)."""
    Participant.objects.filter(pk=world.seats["young"].pk).update(birth_date=date(2009, 1, 3))  # 18 on 3 Jan 2027
    assert process_majority(today=TODAY - timedelta(days=1)).reminded == 0  # 31 days before: not yet
    assert process_majority(today=TODAY).reminded == 1
    assert process_majority(today=TODAY).reminded == 0
    assert process_majority(today=TODAY + timedelta(days=1)).reminded == 0
    assert majority_mails(world).count() == 1
    overview = world.client("young").get(reverse("trajectories:overview", args=[world.space.pk])).content.decode()
    assert "On 3 January 2027 you turn 18" in overview
    assert (
        "you turn 18"
        not in world.client("parent").get(reverse("trajectories:overview", args=[world.space.pk])).content.decode()
    )
    # Not yet 18: she cannot choose yet, and her mum still reads.
    assert choose(world, "keep").status_code == 403
    assert seat(world, "parent").status == ParticipantStatus.ACTIVE

    done = process_majority(today=date(2027, 1, 3))
    assert (done.reminded, done.asked) == (0, 1)
    assert process_majority(today=date(2027, 1, 3)).asked == 0
    assert process_majority(today=date(2027, 1, 4)).asked == 0
    mails = list(majority_mails(world))
    assert len(mails) == 2 and len({m.key for m in mails}) == 2
    for mail in mails:
        assert world.space.title not in mail.subject + mail.body
        assert "Sara" not in mail.subject + mail.body and "Gewoon doel" not in mail.body
    assert Notification.objects.filter(recipient=world.users["young"], type=NOTIFICATION_TYPE).count() == 2
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=SPACE_MAJORITY).count() == 1


def test_at_eighteen_regie_passes_to_her_and_her_parents_access_ends(world):
    """On the day: regie is the young person's alone (the counsellor no longer co-decides), her mum (parental
    authority) no longer opens the space, the teacher and the professionals still do; the banner asks her."""
    assert call_command_output(EIGHTEEN_TODAY, world) == "0 reminded, 1 asked."
    space = Trajectory.objects.get(pk=world.space.pk)
    assert space.regie == Regie.CLIENT and space.counsellor_id is None
    overview = reverse("trajectories:overview", args=[world.space.pk])
    assert world.client("parent").get(overview).status_code == 404
    for who in ("young", "network", "pro_a", "coordinator"):
        assert world.client(who).get(overview).status_code == 200
    body = world.client("young").get(overview).content.decode()
    assert "You are 18 now" in body and reverse("trajectories:majority", args=[world.space.pk]) in body
    people = world.client("young").get(reverse("trajectories:participants", args=[world.space.pk])).content.decode()
    assert "Involved before" in people and "access ended when the young person turned 18" in people


def call_command_output(birth_date, world):
    from io import StringIO

    Participant.objects.filter(pk=world.seats["young"].pk).update(birth_date=birth_date)
    out = StringIO()
    call_command("process_majority", "--date", TODAY.isoformat(), stdout=out)
    return out.getvalue().strip()


def _sweep_after_keeping_her_mum(shared):
    world = sweep_world(shared)
    built = {audience: build(world, "goal", audience) for audience in AUDIENCES}
    asked(world)
    response = choose(world, "keep", keep=("parent",))
    assert response.status_code == 302
    problems = audience_problems(world, built, {"young", "parent", "network", "pro_a", "coordinator"})
    assert seat(world, "young").majority_choice == "keep"
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=MAJORITY_CHOICE).count() == 1
    again = choose(world, "read_only")
    assert again.status_code == 403 and "You made your choice already." in again.content.decode()
    assert Trajectory.objects.get(pk=world.space.pk).status == TrajectoryStatus.ACTIVE
    return problems


def _sweep_after_read_only(shared):
    world = sweep_world(shared)
    built = {audience: build(world, "goal", audience) for audience in AUDIENCES}
    asked(world)
    assert choose(world, "read_only", keep=("parent",)).status_code == 302
    space = Trajectory.objects.get(pk=world.space.pk)
    assert space.status == TrajectoryStatus.CLOSED
    return audience_problems(world, built, {"young", "parent"})


@pytest.fixture(scope="module")
def keep_problems(shared_world, django_db_blocker):
    """The sweep after her choice, made once for the module with a goal of every audience in the space."""
    return once_in_english(django_db_blocker, functools.partial(_sweep_after_keeping_her_mum, shared_world))


@pytest.fixture(scope="module")
def read_only_problems(shared_world, django_db_blocker):
    return once_in_english(django_db_blocker, functools.partial(_sweep_after_read_only, shared_world))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_keep_with_her_mum_kept_the_sweep_holds(keep_problems, audience):
    """She keeps the space and keeps her mum: her mum reads again exactly what she read before; everyone else
    as before. The choice is logged; she is asked once (a second choice is refused)."""
    assert keep_problems[audience] == []


@pytest.mark.parametrize("audience", AUDIENCES)
def test_read_only_closes_the_space_for_everyone_but_her_and_the_parents_she_keeps(read_only_problems, audience):
    """Keep read-only: the space is closed through the closure service; she and the mum she keeps read on, the
    teacher and the professionals no longer do (seed 004: "enkel nog ter inzage voor de jongere")."""
    assert read_only_problems[audience] == []


def test_download_and_delete_starts_the_export_and_then_deletes_the_space(world, settings, tmp_path):
    """Download and delete: an export is made for her (the export service), the page then offers the deletion of
    the whole space (the deletion service): afterwards nobody opens it."""
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "bestanden"
    asked(world)
    response = choose(world, "export_delete")
    assert response.status_code == 302
    assert SpaceExport.objects.filter(trajectory_id=world.space.pk, user=world.users["young"]).exists()
    page = world.client("young").get(reverse("trajectories:majority", args=[world.space.pk])).content.decode()
    assert reverse("trajectories:deletion_request_space", args=[world.space.pk]) in page
    deleted = world.client("young").post(
        reverse("trajectories:deletion_request_space", args=[world.space.pk]), {"confirm": "yes"}
    )
    assert deleted.status_code == 302
    for who in ("young", "network", "pro_a", "coordinator", "parent"):
        assert world.client(who).get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 404


def test_only_the_young_person_chooses(world):
    """Nearest forbidden cases: her mum (even kept), the counsellor and the coordinator cannot make the choice nor
    keep parents; a forged POST changes nothing."""
    asked(world)
    choose(world, "keep", keep=("parent",))
    Participant.objects.filter(pk=world.seats["young"].pk).update(majority_choice="")
    for who in ("parent", "pro_a", "coordinator"):
        response = choose(world, "export_delete", who=who)
        assert response.status_code == 403, who
        assert "Only the young person makes this choice" in response.content.decode()
        parents = world.client(who).post(
            reverse("trajectories:majority_parents", args=[world.space.pk]), {"keep_parents": []}
        )
        assert parents.status_code == 403
    assert seat(world, "young").majority_choice == ""
    assert seat(world, "parent").status == ParticipantStatus.ACTIVE
    assert not SpaceExport.objects.filter(trajectory_id=world.space.pk).exists()


def test_she_changes_her_mind_about_a_parent(world):
    """After her choice she can still let a parent go, or keep one again."""
    asked(world)
    choose(world, "keep", keep=("parent",))
    url = reverse("trajectories:majority_parents", args=[world.space.pk])
    overview = reverse("trajectories:overview", args=[world.space.pk])
    assert world.client("young").post(url, {"keep_parents": []}).status_code == 302
    assert world.client("parent").get(overview).status_code == 404
    assert world.client("young").post(url, {"keep_parents": [world.seats["parent"].pk]}).status_code == 302
    assert world.client("parent").get(overview).status_code == 200
    forged = world.client("young").post(url, {"keep_parents": [world.seats["pro_a"].pk]})
    assert forged.status_code == 400


def test_an_open_invitation_of_a_parent_stops_working_at_eighteen(world):
    """A parent with parental authority who was invited but never accepted: on her birthday the link stops working
    and that parent is not offered to keep (nobody comes in without an account of their own)."""
    invited = factories.participant(
        trajectory=world.space,
        email="papa2@example.org",
        role="network",
        status=ParticipantStatus.INVITED,
        has_parental_authority=True,
        token_hash="x" * 64,
        token_expires_at=timezone.now() + timedelta(days=3),
    )
    asked(world)
    invited.refresh_from_db()
    assert invited.status == ParticipantStatus.REMOVED and not invited.invitation_valid()
    page = world.client("young").get(reverse("trajectories:majority", args=[world.space.pk])).content.decode()
    assert f'value="{invited.pk}"' not in page and f'value="{world.seats["parent"].pk}"' in page
    assert choose(world, "keep", keep=("parent",)).status_code == 302
    forged = world.client("young").post(
        reverse("trajectories:majority_parents", args=[world.space.pk]), {"keep_parents": [invited.pk]}
    )
    assert forged.status_code == 400
    invited.refresh_from_db()
    assert invited.status == ParticipantStatus.REMOVED


def test_files_and_the_ical_feed_follow_the_parents_access(world, settings, tmp_path):
    """SEC-01/SEC-05 for files and the calendar feed: on her birthday her mum's download of a shared file answers
    404 and her calendar feed stops listing the space's appointment; when the young person keeps her, both return."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from trajectories.agenda.ical import feed_url
    from trajectories.agenda.services import feed_reset
    from trajectories.documents.services import document_create_file

    settings.TRAJECTORY_FILES_ROOT = tmp_path / "bestanden"
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    upload = SimpleUploadedFile("verslag.pdf", pdf, content_type="application/pdf")
    document = document_create_file(trajectory=world.space, by=world.users["young"], title="Verslag", upload=upload)
    download = reverse("trajectories:document_download", args=[world.space.pk, document.pk, 1])
    kind, item, _secret = build(world, "appointment", AUDIENCES[0])
    feed = feed_url(feed_reset(user=world.users["parent"]))
    feed = feed[feed.index("/", feed.index("://") + 3) :] if "://" in feed else feed
    appointment = kind.item_url(world.space.pk, item.pk)
    assert world.client("parent").get(download).status_code == 200
    assert appointment in world.client("anonymous").get(feed).content.decode()
    asked(world)
    assert world.client("parent").get(download).status_code == 404
    assert appointment not in world.client("anonymous").get(feed).content.decode()
    assert world.client("network").get(download).status_code == 200
    choose(world, "keep", keep=("parent",))
    assert world.client("parent").get(download).status_code == 200
    assert appointment in world.client("anonymous").get(feed).content.decode()


def test_her_birth_date_is_in_her_own_data_and_goes_with_her_account(world):
    """SEC-16/SEC-17: "Mijn gegevens" of the young person holds her birth date and her choice; her mum's does not;
    deleting her account removes the birth date from her seat."""
    import json

    from trajectories.privacy.selectors import export_user_data
    from trajectories.privacy.services import erase_user_data

    asked(world)
    choose(world, "keep", keep=("parent",))
    own = json.dumps(export_user_data(world.users["young"]), default=str)
    assert EIGHTEEN_TODAY.isoformat() in own and '"choice_at_18": "keep"' in own
    assert EIGHTEEN_TODAY.isoformat() not in json.dumps(export_user_data(world.users["parent"]), default=str)
    erase_user_data(world.users["young"])
    assert seat(world, "young").birth_date is None
