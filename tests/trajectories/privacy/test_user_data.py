"""The spaces in "Mijn gegevens" and account deletion (issue 9, hole 6; SEC-16, SEC-17).

The export (the real ZIP the core builds in the background) holds what the person wrote in a space and what is
about them that they may see — their log entry, their message, their social map with its people, the file they
uploaded, their participation — and nothing they may not see (a professionals-only entry, an entry for someone
else). Deleting the account leaves no name or e-mail address of theirs in any column of any model of the app
(every char and text column is scanned), keeps what they wrote in the space under "deleted participant", keeps the
access log's rows (pseudonymised through its one erasure path) and deletes their social map. "Mijn gegevens" says
in plain words what is kept and why.
"""

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.urls import reverse
from django.utils import translation

from core.models import DataExport, DataExportStatus, User
from core.models import Role as SiteRole
from core.privacy import services as gdpr
from core.roles.services import assign_role
from tests.trajectories.world import with_totp
from trajectories import factories
from trajectories.items import services as item_services
from trajectories.models import (
    AccessLogEntry,
    Audience,
    LogEntry,
    Participant,
    ParticipantStatus,
    Regie,
    Role,
)

pytestmark = pytest.mark.django_db

PEOPLE = {
    "young": ("Zeynep", "Vandersteen", "ZeynepV", "Zeynep", Role.CLIENT),
    "parent": ("Marleentje", "Opdebeeckx", "MarleenOx", "Mama Marleentje", Role.NETWORK),
    "pro": ("Koenraad", "Wyckmans", "KoenW", "Koen", Role.PROFESSIONAL),
}
PARENT_LOG = "Vandaag samen gekookt en gelachen"
PARENT_MESSAGE = "Ik bel morgen terug over het weekend"
MAP_PERSON = "Tante Ria"
PROFESSIONALS_ONLY = "Vertrouwelijk verslag voor de hulpverleners"
FOR_THE_YOUNG_PERSON = "Alleen voor jou bedoeld"  # what others write stays as written (the record)
FILE_CONTENT = b"boodschappenlijst voor zaterdag"


@pytest.fixture(autouse=True)
def _storage(settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "werkruimte-bestanden"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def scene(organisation):
    from trajectories.documents.services import document_create_file
    from trajectories.messaging.services import thread_start
    from trajectories.network.services import social_map_add_person

    users, seats = {}, {}
    for who, (first, last, display, _name, _role) in PEOPLE.items():
        users[who] = User.objects.create_user(
            email=f"{first.lower()}.{last.lower()}@example.org",
            password="een-lang-wachtwoord-42",  # noqa: S106
            display_name=display,
            first_name=first,
            last_name=last,
        )
    assign_role(user=users["pro"], role=SiteRole.CARE_PROFESSIONAL, page=organisation)
    with_totp(users["pro"])
    space = factories.trajectory(
        title="Werkruimte van Zeynep", organisation=organisation, started_by=users["pro"], regie=Regie.CLIENT
    )
    for who, (_first, _last, _display, name, role) in PEOPLE.items():
        seats[who] = factories.participant(
            trajectory=space,
            user=users[who],
            role=role,
            name=name,
            relation="mama" if who == "parent" else "",
            care_organisation=organisation if role == Role.PROFESSIONAL else None,
        )
    parent, pro = users["parent"], users["pro"]
    item_services.item_create(model=LogEntry, trajectory=space, by=parent, text=PARENT_LOG)
    thread_start(trajectory=space, by=parent, subject="Weekend", text=PARENT_MESSAGE, audience=Audience.EVERYONE)
    social_map_add_person(trajectory=space, by=parent, name=MAP_PERSON, circle="familie")
    upload = SimpleUploadedFile("lijst.txt", FILE_CONTENT, content_type="text/plain")
    document_create_file(trajectory=space, by=parent, title="Boodschappen", upload=upload)
    item_services.item_create(
        model=LogEntry, trajectory=space, by=pro, text=PROFESSIONALS_ONLY, audience=Audience.PROFESSIONALS
    )
    item_services.item_create(
        model=LogEntry,
        trajectory=space,
        by=pro,
        text=FOR_THE_YOUNG_PERSON,
        audience=Audience.CHOSEN,
        chosen=[seats["young"].pk],
    )
    return space, users, seats


def exported(user, django_capture_on_commit_callbacks):
    """The person's real export: requested, built in the background after commit, read from the ZIP file."""
    with django_capture_on_commit_callbacks(execute=True):
        gdpr.export_request(user=user)
    export = DataExport.objects.filter(user=user).latest("pk")
    assert export.status == DataExportStatus.READY, export.error
    with export.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    return archive, json.loads(archive.read("werkruimtes.json"))


def test_export_holds_what_the_person_wrote_and_nothing_they_may_not_see(scene, django_capture_on_commit_callbacks):
    space, users, seats = scene
    archive, data = exported(users["parent"], django_capture_on_commit_callbacks)
    text = json.dumps(data, ensure_ascii=False)
    assert PARENT_LOG in [item.get("text") for item in data["items"]]
    assert PARENT_MESSAGE in [message["text"] for message in data["messages"]]
    assert [person["name"] for person in data["social_maps"][0]["people"]] == [MAP_PERSON]
    assert {"space_name": space.title, "role": "Network"}.items() <= data["participations"][0].items()
    [file_name] = [name for name in archive.namelist() if name.startswith("files/werkruimtes/")]
    assert archive.read(file_name) == FILE_CONTENT
    assert PROFESSIONALS_ONLY not in text and FOR_THE_YOUNG_PERSON not in text
    assert data["access_log"] == []  # the mother may not read the access log, so the export holds none of it

    # The young person, about whom the space is: everything they may read there, and the access log.
    _archive, young = exported(users["young"], django_capture_on_commit_callbacks)
    texts = [item.get("text") for item in young["items"]]
    assert FOR_THE_YOUNG_PERSON in texts and PARENT_LOG in texts
    assert PROFESSIONALS_ONLY not in json.dumps(young, ensure_ascii=False)
    assert young["access_log"] and young["social_maps"] == []  # the mother's map is hers (shared with nobody)


def test_someone_shut_out_of_the_space_gets_no_content_through_the_export(scene, django_capture_on_commit_callbacks):
    """The export is no way around the one rule: under a contact ban, only the bare fact of the participation."""
    space, users, seats = scene
    Participant.objects.filter(pk=seats["parent"].pk).update(contact_ban=True)
    _archive, data = exported(users["parent"], django_capture_on_commit_callbacks)
    text = json.dumps(data, ensure_ascii=False)
    assert data["items"] == [] and data["messages"] == [] and data["social_maps"] == []
    assert space.title not in text and PARENT_LOG not in text
    assert data["participations"] == [
        {
            "space": space.pk,
            "role": "Network",
            "status": "No longer taking part",
            "invited_at": data["participations"][0]["invited_at"],
            "accepted_at": data["participations"][0]["accepted_at"],
            "removed_at": None,
        }
    ]


def _trajectory_text_columns():
    for model in apps.get_app_config("trajectories").get_models():
        fields = [f.name for f in model._meta.concrete_fields if isinstance(f, (models.CharField, models.TextField))]
        if fields:
            yield model, fields


def _traces(words):
    """Every (model, field, value) of the app's char and text columns that holds one of `words`."""
    found = []
    for model, fields in _trajectory_text_columns():
        for row in model._base_manager.values(*fields):
            for name, value in row.items():
                if value and any(word.lower() in str(value).lower() for word in words):
                    found.append((model.__name__, name, value))
    return found


@pytest.mark.parametrize("who", ["parent", "young"])
def test_erasing_an_account_leaves_no_name_or_address_in_any_table_of_the_spaces(scene, who):
    space, users, seats = scene
    user = users[who]
    first, last, display, name, _role = PEOPLE[who]
    words = {first, last, display, name, user.email, user.get_full_name()}
    # Two actions, read and written, with the person's name copied into the access log.
    client = _client(user)
    assert client.get(reverse("trajectories:logbook", args=[space.pk])).status_code == 200
    assert _traces(words), "the scene must hold the person's name somewhere before erasure"
    log_rows = AccessLogEntry.objects.count()
    written = LogEntry.objects.filter(author=seats[who]).count()

    gdpr.account_delete(user=user)

    assert _traces(words) == []
    seat = Participant.objects.get(pk=seats[who].pk)
    assert seat.user_id is None and seat.erased_at is not None and seat.status == ParticipantStatus.REMOVED
    with translation.override("nl"):
        assert seat.label == "verwijderde deelnemer"
    assert AccessLogEntry.objects.count() == log_rows  # the record stays, without the name
    assert LogEntry.objects.filter(author=seat).count() == written  # what they wrote stays in the space
    from trajectories.network.models import SocialMap

    assert not SocialMap.objects.filter(author=seat).exists()
    # The others still read the space, with "deleted participant" as the author of what the person wrote.
    other = _client(users["pro"])
    logbook = other.get(reverse("trajectories:logbook", args=[space.pk])).content.decode()
    if who == "parent":
        assert PARENT_LOG in logbook and "deleted participant" in logbook


def test_my_data_says_what_the_spaces_keep_and_why(scene):
    """The page names the legal retention in plain words (the notice comes through the hook, not from the core)."""
    space, users, seats = scene
    page = _client(users["parent"]).get(reverse("my_data")).content.decode()
    assert "must keep for the period the law prescribes" in page
    assert "your social map is deleted" in page


def _client(user):
    from django.test import Client

    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


def test_export_holds_the_planning_and_signatures_of_the_person(scene, django_capture_on_commit_callbacks):
    """Issue 13 in "Mijn gegevens": the proposals the person made or was asked about, with their own answers (not
    what others answered), the appointments they declined and the declarations they signed, with the times. A
    proposal they were not asked about stays out."""
    from datetime import timedelta

    from django.utils import timezone

    from trajectories.agenda import services as agenda
    from trajectories.blueprints import services as blueprints
    from trajectories.blueprints.models import PhaseDocument, SpacePhase, TrajectoryTemplate
    from trajectories.blueprints.shipped import WORKSHOPS
    from trajectories.models import Appointment

    space, users, seats = scene
    start = timezone.now().replace(microsecond=0) + timedelta(days=3)
    hour = timedelta(hours=1)
    asked = agenda.proposal_create(
        trajectory=space,
        by=users["pro"],
        title="Gesprek op school",
        options=[(start, start + hour), (start + timedelta(days=1), start + timedelta(days=1) + hour)],
        invited=[seats["parent"].pk, seats["young"].pk],
        place="De school",
    )
    agenda.proposal_create(
        trajectory=space,
        by=users["pro"],
        title="Alleen met Zeynep",
        options=[(start, start + hour)],
        invited=[seats["young"].pk],
        place="Kantoor",
    )
    first, second = asked.options.all()
    agenda.proposal_answer(proposal=asked, by=users["parent"], answers={first.pk: "yes", second.pk: "no"})
    agenda.proposal_answer(proposal=asked, by=users["young"], answers={first.pk: "no", second.pk: "maybe"})
    appointment = item_services.item_create(
        model=Appointment,
        trajectory=space,
        by=users["pro"],
        title="Huisbezoek",
        start=start,
        end=start + hour,
        place="Thuis",
    )
    agenda.appointment_decline(appointment=appointment, by=users["young"])
    blueprints.template_apply(
        trajectory=space, by=users["pro"], template=TrajectoryTemplate.objects.get(key=WORKSHOPS), target_group="gezin"
    )
    for _ in range(2):
        current = SpacePhase.objects.get(trajectory=space, started_at__isnull=False, ended_at__isnull=True)
        blueprints.phase_advance(trajectory=space, by=users["pro"], from_phase=current)
    declaration = PhaseDocument.objects.get(phase__trajectory=space, to_sign=True)
    blueprints.signers_choose(phase_document=declaration, by=users["pro"], participants=[seats["parent"].pk])
    blueprints.document_sign(phase_document=declaration, by=users["parent"])

    _archive, data = exported(users["parent"], django_capture_on_commit_callbacks)
    [proposal] = data["proposed_appointments"]
    assert proposal["what"] == "Gesprek op school" and proposal["proposed_by_me"] is False
    assert [time["my_answer"] for time in proposal["times"]] == ["Yes", "No"]
    assert "Maybe" not in json.dumps(proposal)  # the young person's answers are hers
    assert "Alleen met Zeynep" not in json.dumps(data, ensure_ascii=False)
    [signature] = data["signatures"]
    assert signature["document"] == declaration.title and signature["signed_at"]
    assert data["declined_appointments"] == []

    _archive, young = exported(users["young"], django_capture_on_commit_callbacks)
    assert {p["what"] for p in young["proposed_appointments"]} == {"Gesprek op school", "Alleen met Zeynep"}
    mine = next(p for p in young["proposed_appointments"] if p["what"] == "Gesprek op school")
    assert [time["my_answer"] for time in mine["times"]] == ["No", "Maybe"]
    assert [row["appointment"] for row in young["declined_appointments"]] == [appointment.pk]
    assert young["signatures"] == []

    _archive, pro = exported(users["pro"], django_capture_on_commit_callbacks)
    assert all(p["proposed_by_me"] for p in pro["proposed_appointments"]) and len(pro["proposed_appointments"]) == 2
    assert all(time["my_answer"] is None for p in pro["proposed_appointments"] for time in p["times"])
