"""Deletion on request (issue 13 §8, seed 004: "verwijderen van inhoud op vraag van de cliënt").

The young person asks to delete an item or her whole space; whoever holds regie confirms (at once when that is
her); content and files go, only a tombstone stays in the access log; what a care organisation must keep by law is
restricted instead — nobody reads it any more — and she is told which and why in plain words. After each deletion
the sweep's pages (tests/security/test_trajectory_sweep.py) are checked again for every person.

Requirements: SEC-01, SEC-05, SEC-14 (the tombstone), SEC-17 (deletion leaves no file and no row behind).
"""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.security.test_trajectory_sweep import space_pages
from tests.trajectories.world import PEOPLE
from trajectories import factories
from trajectories.audit.models import AccessAction, AccessLogEntry
from trajectories.audit.services import DELETION_REQUEST, SPACE_DELETED
from trajectories.deletion.models import DeletionRequest, DeletionStatus, RestrictedItem
from trajectories.documents.models import Document, DocumentVersion
from trajectories.documents.services import document_create_file
from trajectories.history.models import ItemVersion
from trajectories.items import services as item_services
from trajectories.models import Action, Goal, LogEntry, Regie, Trajectory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "werkruimte-bestanden"
    return settings.TRAJECTORY_FILES_ROOT


def files_on_disk(root):
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def ask_item(world, who, kind_segment, item_id, **extra):
    url = reverse("trajectories:deletion_request_item", args=[world.space.pk, kind_segment, item_id])
    return world.client(who).post(url, {"confirm": "yes"}, **extra)


def item_url(world, segment, pk):
    return f"/werkruimte/{world.space.pk}/{segment}/{pk}/"


def coordinator_decides(world):
    Trajectory.objects.filter(pk=world.space.pk).update(regie=Regie.COORDINATOR, counsellor=None)


def test_the_young_person_who_decides_deletes_an_item_at_once_leaving_only_a_tombstone(world):
    """She holds regie (with her counsellor): her mum's log entry goes at once; the access log keeps who deleted
    which kind of item when — not its text; the item answers 404 to everyone, like one that never existed."""
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"], text="Geheime ruzie thuis")
    url = item_url(world, "logboek", entry.pk)
    assert world.client("parent").get(url).status_code == 200
    question = world.client("young").post(
        reverse("trajectories:deletion_request_item", args=[world.space.pk, "logboek", entry.pk])
    )
    assert question.status_code == 200 and "cannot be undone" in question.content.decode()
    assert LogEntry.objects.filter(pk=entry.pk).exists()  # the question first
    response = ask_item(world, "young", "logboek", entry.pk, follow=True)
    assert "Deleted. Only a note that something was deleted stays in the access log." in response.content.decode()
    assert not LogEntry.objects.filter(pk=entry.pk).exists()
    tombstone = AccessLogEntry.objects.get(trajectory=world.space, item_id=entry.pk, action=AccessAction.DELETE)
    assert tombstone.participant_id == world.seats["young"].pk and tombstone.item_type != ""
    assert "Geheime ruzie" not in str(list(AccessLogEntry.objects.filter(trajectory=world.space).values()))
    for who in PEOPLE:
        assert world.client(who).get(url).status_code == 404, who
    request = DeletionRequest.objects.get(trajectory=world.space)
    assert request.status == DeletionStatus.DONE and request.deleted_count == 1


def test_who_may_not_ask_is_refused_and_nothing_goes(world):
    """Only the young person asks: the mum (author of the entry) and the counsellor are refused with the reason;
    an outsider gets a 404."""
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    for who in ("parent", "pro_a"):
        response = ask_item(world, who, "logboek", entry.pk)
        assert response.status_code == 403, who
        assert "Only the young person can ask to delete" in response.content.decode()
    assert ask_item(world, "outsider", "logboek", entry.pk).status_code == 404
    assert ask_item(world, "young", "logboek", entry.pk + 1000).status_code == 404
    assert LogEntry.objects.filter(pk=entry.pk).exists() and not DeletionRequest.objects.exists()


def test_the_regie_holder_confirms_when_the_young_person_does_not_decide(world):
    """A coordinator decides: her request waits, the item stays; the mum cannot confirm; the coordinator sees the
    request on the people page and confirms it; then it is gone."""
    coordinator_decides(world)
    goal = factories.goal(trajectory=world.space, author=world.seats["network"], title="Doel van de leerkracht")
    response = ask_item(world, "young", "doelen", goal.pk, follow=True)
    assert "The person who decides in this space confirms it" in response.content.decode()
    request = DeletionRequest.objects.get(trajectory=world.space)
    assert request.status == DeletionStatus.PENDING and Goal.objects.filter(pk=goal.pk).exists()
    confirm = reverse("trajectories:deletion_confirm", args=[world.space.pk, request.pk])
    people = reverse("trajectories:participants", args=[world.space.pk])
    assert confirm not in world.client("parent").get(people).content.decode()
    assert world.client("parent").post(confirm, {"confirm": "yes"}).status_code == 403
    assert world.client("young").post(confirm, {"confirm": "yes"}).status_code == 403
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert confirm in world.client("coordinator").get(people).content.decode()
    assert world.client("coordinator").post(confirm, {"confirm": "yes"}).status_code == 302
    assert not Goal.objects.filter(pk=goal.pk).exists()
    request.refresh_from_db()
    assert request.status == DeletionStatus.DONE and request.confirmed_by_id == world.seats["coordinator"].pk
    assert world.client("coordinator").post(confirm, {"confirm": "yes"}).status_code == 404  # done already


def test_a_professionals_item_is_restricted_not_deleted_and_she_is_told_why(world):
    """Her counsellor's goal belongs to the organisation's care record: it stays, but nobody — the counsellor
    neither — reads or sees it any more, and the young person is told which and why in plain words."""
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Doel van de consulent")
    response = ask_item(world, "young", "doelen", goal.pk, follow=True)
    body = response.content.decode()
    assert "Not deleted: Goal: Doel van de consulent." in body
    assert world.space.organisation.title in body and "nobody can read it any more" in body
    assert Goal.objects.filter(pk=goal.pk).exists()
    assert RestrictedItem.objects.filter(object_id=goal.pk).count() == 1
    for who in PEOPLE:
        assert world.client(who).get(item_url(world, "doelen", goal.pk)).status_code == 404, who
    plan = world.client("pro_a").get(reverse("trajectories:plan", args=[world.space.pk])).content.decode()
    assert "Doel van de consulent" not in plan


def test_deleting_a_document_leaves_no_file_on_disk(world, _files_root, django_capture_on_commit_callbacks):
    """Her own uploaded document goes with every version's file (REL: removed after commit)."""
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    document = document_create_file(
        trajectory=world.space, by=world.users["young"], title="Mijn verslag", upload=upload
    )
    assert len(files_on_disk(_files_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        ask_item(world, "young", "documenten", document.pk)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not DocumentVersion.objects.filter(document_id=document.pk).exists()
    assert files_on_disk(_files_root) == []


def test_deleting_the_whole_space(world, _files_root, django_capture_on_commit_callbacks):
    """The whole space: what family and the young person wrote goes (files too), the counsellor's goal is
    restricted; nobody — she neither — opens any page of the space any more; the access log keeps its rows and
    the tombstone; the space's name is gone."""
    pages = space_pages(world)
    entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"])
    own = factories.goal(trajectory=world.space, author=world.seats["young"], title="Mijn doel")
    kept = factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Doel van de consulent")
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    document_create_file(trajectory=world.space, by=world.users["young"], title="Mijn verslag", upload=upload)
    url = reverse("trajectories:deletion_request_space", args=[world.space.pk])
    assert world.client("parent").post(url, {"confirm": "yes"}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("young").post(url, {"confirm": "yes"}, follow=True)
    body = response.content.decode()
    assert "Not deleted: Goal: Doel van de consulent." in body
    assert not LogEntry.objects.filter(pk=entry.pk).exists() and not Goal.objects.filter(pk=own.pk).exists()
    assert Goal.objects.filter(pk=kept.pk).exists() and RestrictedItem.objects.filter(object_id=kept.pk).exists()
    assert files_on_disk(_files_root) == [] and not Document.objects.filter(trajectory=world.space).exists()
    for who in PEOPLE:
        client = world.client(who)
        assert [page for page in pages if client.get(page).status_code != 404] == [], who
    world.space.refresh_from_db()
    assert "Sara" not in world.space.title
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=SPACE_DELETED).count() == 1
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type=DELETION_REQUEST).count() == 1
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_id=entry.pk, action=AccessAction.DELETE)


def test_an_item_with_a_professionals_item_under_it_is_kept_with_it(world):
    """Her own goal carries her counsellor's action: deleting the goal would take the action (part of the care
    record) with it, so both are restricted and she is told; nothing is deleted."""
    goal = factories.goal(trajectory=world.space, author=world.seats["young"], title="Mijn eigen doel")
    action = factories.action(trajectory=world.space, author=world.seats["pro_a"], goal=goal, title="Actie consulent")
    body = ask_item(world, "young", "doelen", goal.pk, follow=True).content.decode()
    assert "Not deleted: Goal: Mijn eigen doel." in body and "Not deleted: Action: Actie consulent." in body
    assert Goal.objects.filter(pk=goal.pk).exists() and RestrictedItem.objects.count() == 2
    assert world.client("young").get(item_url(world, "doelen", goal.pk)).status_code == 404
    assert not AccessLogEntry.objects.filter(item_id=action.pk, action=AccessAction.DELETE).exists()


def test_deleting_an_item_deletes_every_version_of_it_and_of_what_goes_with_it(world):
    """Issue 13 §2 and §8: her goal and mum's action under it were both changed (so both have versions); deleting
    the goal takes the action along and leaves no version of either — only the tombstones in the access log. A
    restricted item keeps its versions, which nobody reads, like the item."""
    goal = item_services.item_create(model=Goal, trajectory=world.space, by=world.users["young"], title="Eerste")
    item_services.item_update(item=goal, by=world.users["parent"], title="Geheime tweede versie")
    action = item_services.item_create(
        model=Action, trajectory=world.space, by=world.users["parent"], goal=goal, title="Stap"
    )
    item_services.item_update(item=action, by=world.users["young"], title="Geheime stap")
    kept = item_services.item_create(model=Goal, trajectory=world.space, by=world.users["pro_a"], title="Consulent")
    item_services.item_update(item=kept, by=world.users["pro_a"], title="Consulent, gewijzigd")
    assert ItemVersion.objects.filter(trajectory=world.space).count() == 6
    ask_item(world, "young", "doelen", goal.pk)
    assert not Goal.objects.filter(pk=goal.pk).exists() and not Action.objects.filter(pk=action.pk).exists()
    assert not ItemVersion.objects.filter(trajectory=world.space).exclude(object_id=kept.pk).exists()
    assert AccessLogEntry.objects.filter(item_type="goal", item_id=goal.pk, action=AccessAction.DELETE).count() == 1
    assert AccessLogEntry.objects.filter(item_type="action", item_id=action.pk, action=AccessAction.DELETE).count() == 1
    assert "Geheime" not in str(list(AccessLogEntry.objects.filter(trajectory=world.space).values()))
    ask_item(world, "young", "doelen", kept.pk)
    assert RestrictedItem.objects.filter(object_id=kept.pk).exists()
    assert ItemVersion.objects.filter(object_id=kept.pk).count() == 2
    history = reverse("trajectories:item_history", args=[world.space.pk, "doelen", kept.pk])
    for who in PEOPLE:
        assert world.client(who).get(history).status_code == 404, who
