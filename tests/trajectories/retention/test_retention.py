"""Retention (issue 13 §9, SEC-18, REL-12): each organisation keeps each kind of data of its spaces for a period it
sets within the site's limits; ``apply_retention`` deletes what expired through the deletion service — no row but
the tombstone, no file on disk; what a care organisation must keep by law is restricted instead — reports counts per
kind, and deletes nothing more on a second run. After a run the sweep's rule (tests/security/
test_trajectory_sweep.py) still holds for what is left.
"""

import functools
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from core.models import Role as SiteRole
from core.roles.services import assign_role
from tests.security.test_trajectory_sweep import AUDIENCES, build
from tests.trajectories.closure.test_closure import audience_problems, once_in_english, sweep_world
from tests.trajectories.world import ACTIVE, PEOPLE
from themes.models import OrganisationPage
from trajectories import factories
from trajectories.audit.models import AccessAction, AccessLogEntry
from trajectories.audit.services import system_actor_name
from trajectories.deletion.models import RestrictedItem
from trajectories.documents.models import Document, DocumentVersion
from trajectories.documents.services import document_create_file
from trajectories.messaging.models import Message, MessageThread
from trajectories.messaging.services import thread_start
from trajectories.models import Goal, LogEntry, Trajectory, TrajectoryStatus
from trajectories.retention.services import apply_retention

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _files_root(settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "werkruimte-bestanden"
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    return settings.TRAJECTORY_FILES_ROOT


def files_on_disk(root):
    return [p for p in Path(root).rglob("*") if p.is_file()] if Path(root).exists() else []


def aged(model, pk, days, field="updated_at"):
    model.objects.filter(pk=pk).update(**{field: timezone.now() - timedelta(days=days)})


def counts(report):
    return {kind: (count.deleted, count.restricted) for kind, count in report.kinds.items()}


def test_what_expired_goes_with_its_files_leaving_only_tombstones_and_a_second_run_deletes_nothing(
    world, _files_root, django_capture_on_commit_callbacks
):
    """The organisation keeps logbook entries, conversations and documents 90 days: the mum's old entry, an old
    conversation and the young person's old document (its file too) go; the counsellor's old entry is part of the
    care record: restricted, not deleted; fresh items stay. The access log keeps a tombstone per item, written by
    the site, with no content. A second run deletes nothing."""
    OrganisationPage.objects.filter(pk=world.organisation_a.pk).update(
        retention_logbook_days=90, retention_messages_days=90, retention_documents_days=90
    )
    old_entry = factories.log_entry(trajectory=world.space, author=world.seats["parent"], text="Oude ruzie thuis")
    pro_entry = factories.log_entry(trajectory=world.space, author=world.seats["pro_a"], text="Oud verslag")
    fresh = factories.log_entry(trajectory=world.space, author=world.seats["parent"], text="Vers bericht")
    thread = thread_start(
        trajectory=world.space, by=world.users["young"], subject="Oud gesprek", text="Hoi", audience="everyone"
    )
    upload = SimpleUploadedFile("verslag.pdf", PDF, content_type="application/pdf")
    document = document_create_file(trajectory=world.space, by=world.users["young"], title="Oud", upload=upload)
    for model, pk in ((LogEntry, old_entry.pk), (LogEntry, pro_entry.pk), (Document, document.pk)):
        aged(model, pk, 91)
    aged(MessageThread, thread.pk, 91, field="last_message_at")
    assert len(files_on_disk(_files_root)) == 1

    with django_capture_on_commit_callbacks(execute=True):
        report = apply_retention()
    result = counts(report)
    assert result["logbook"] == (1, 1)
    assert result["messages"] == (1, 0) and result["documents"] == (1, 0)
    assert not LogEntry.objects.filter(pk=old_entry.pk).exists()
    assert LogEntry.objects.filter(pk__in=[pro_entry.pk, fresh.pk]).count() == 2
    assert RestrictedItem.objects.filter(object_id=pro_entry.pk).exists()
    assert not MessageThread.objects.filter(pk=thread.pk).exists() and not Message.objects.filter(thread_id=thread.pk)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not DocumentVersion.objects.filter(document_id=document.pk).exists()
    assert files_on_disk(_files_root) == []
    tombstones = AccessLogEntry.objects.filter(
        trajectory=world.space, action=AccessAction.DELETE, actor_name=system_actor_name()
    )
    assert {(row.item_type, row.item_id) for row in tombstones} >= {
        ("log_entry", old_entry.pk),
        ("message_thread", thread.pk),
        ("document", document.pk),
    }
    log_text = str(list(AccessLogEntry.objects.filter(trajectory=world.space).values()))
    assert "Oude ruzie" not in log_text and "Oud gesprek" not in log_text

    again = counts(apply_retention())
    assert all(value == (0, 0) for value in again.values()), again
    for who in PEOPLE:
        for url in (
            f"/werkruimte/{world.space.pk}/logboek/{old_entry.pk}/",
            f"/werkruimte/{world.space.pk}/logboek/{pro_entry.pk}/",
        ):
            assert world.client(who).get(url).status_code == 404, who


def _sweep_after_retention(shared):
    world = sweep_world(shared)
    built = {audience: build(world, "goal", audience) for audience in AUDIENCES}
    old = factories.log_entry(trajectory=world.space, author=world.seats["network"])
    aged(LogEntry, old.pk, 4000)
    assert counts(apply_retention())["logbook"] == (1, 0)
    return audience_problems(world, built, set(ACTIVE))


@pytest.fixture(scope="module")
def retention_problems(shared_world, django_db_blocker, tmp_path_factory):
    """The retention run and the sweep after it, once for the module with a goal of every audience in the space
    (the settings of ``_files_root``, which is per test)."""
    return once_in_english(
        django_db_blocker,
        functools.partial(_sweep_after_retention, shared_world),
        TRAJECTORY_FILES_ROOT=tmp_path_factory.mktemp("werkruimte-bestanden"),
        WERKGROEPEN_REQUIRE_STAFF_MFA=False,
    )


@pytest.mark.parametrize("audience", AUDIENCES)
def test_after_a_retention_run_the_sweep_holds_for_what_is_left(retention_problems, audience):
    """Fresh items of every audience are untouched: everyone still taking part reads exactly what they read."""
    assert retention_problems[audience] == []


def test_a_closed_space_past_its_period_is_deleted_as_a_whole_once(world, django_capture_on_commit_callbacks):
    """A space closed longer than the organisation keeps closed spaces: everything in it goes (the professionals'
    record is restricted), nobody opens it any more — the young person neither —, the log keeps the tombstone. A
    second run deletes nothing; an open space and a space closed recently stay."""
    OrganisationPage.objects.filter(pk=world.organisation_a.pk).update(retention_closed_spaces_days=30)
    family_goal = factories.goal(trajectory=world.space, author=world.seats["parent"], title="Doel van mama")
    pro_goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Doel van de consulent")
    Trajectory.objects.filter(pk=world.space.pk).update(
        status=TrajectoryStatus.CLOSED, closed_at=timezone.now() - timedelta(days=31)
    )
    recent = factories.trajectory(organisation=world.organisation_a, started_by=world.users["young"])
    Trajectory.objects.filter(pk=recent.pk).update(
        status=TrajectoryStatus.CLOSED, closed_at=timezone.now() - timedelta(days=29)
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = counts(apply_retention())
    assert result["closed_spaces"] == (1, 1)
    assert not Goal.objects.filter(pk=family_goal.pk).exists()
    assert RestrictedItem.objects.filter(object_id=pro_goal.pk).exists()
    for who in PEOPLE:
        assert world.client(who).get(reverse("trajectories:overview", args=[world.space.pk])).status_code == 404
    assert AccessLogEntry.objects.filter(trajectory=world.space, item_type="trajectory:deleted").count() == 1
    assert Trajectory.objects.get(pk=recent.pk).status == TrajectoryStatus.CLOSED
    assert counts(apply_retention())["closed_spaces"] == (0, 0)


def test_the_care_record_and_the_access_log_go_after_their_own_periods(world):
    """What was restricted goes when the care record's period ends; access-log rows older than its period go (the
    one permitted deletion of the log); the command reports counts per kind."""
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Oud doel")
    world.client("young").post(
        reverse("trajectories:deletion_request_item", args=[world.space.pk, "doelen", goal.pk]), {"confirm": "yes"}
    )
    row = RestrictedItem.objects.get(object_id=goal.pk)
    RestrictedItem.objects.filter(pk=row.pk).update(restricted_at=timezone.now() - timedelta(days=7301))
    AccessLogEntry.objects.create(
        trajectory=world.space,
        actor_name="x",
        item_type="goal",
        item_id=1,
        action="read",
        at=timezone.now() - timedelta(days=1826),
    )
    out = StringIO()
    call_command("apply_retention", stdout=out)
    lines = out.getvalue()
    assert "care_record: 1 deleted, 0 restricted" in lines and "access_log: 1 deleted, 0 restricted" in lines
    assert not Goal.objects.filter(pk=goal.pk).exists() and not RestrictedItem.objects.filter(pk=row.pk).exists()
    out = StringIO()
    call_command("apply_retention", stdout=out)
    assert "care_record: 0 deleted" in out.getvalue() and "access_log: 0 deleted" in out.getvalue()


def _edit(client, organisation, **fields):
    url = f"/admin/pages/{organisation.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for name, value in fields.items():
        data[name] = value
    data["action-publish"] = "action-publish"
    return client.post(url, data)


def test_the_organisation_admin_sets_periods_within_the_limits(world, client, organisation):
    """Inside the limits it is saved; outside them the form refuses with the limits in the message; an organisation
    admin of another organisation cannot open the form at all (nothing changes)."""
    assign_role(user=world.users["org_admin"], role=SiteRole.ORGANISATION_ADMIN, page=organisation)
    client.force_login(world.users["org_admin"])
    assert _edit(client, organisation, retention_logbook_days="365").status_code == 302
    assert OrganisationPage.objects.get(pk=organisation.pk).retention_logbook_days == 365
    response = _edit(client, organisation, retention_logbook_days="10", retention_access_log_days="100")
    body = response.content.decode()
    assert response.status_code == 200 and "Choose between 90 and 3650 days" in body
    assert "Choose between 1825 and 10950 days" in body
    page = OrganisationPage.objects.get(pk=organisation.pk)
    assert (page.retention_logbook_days, page.retention_access_log_days) == (365, None)

    other = world.users["pro_b"]
    assign_role(user=other, role=SiteRole.ORGANISATION_ADMIN, page=world.organisation_b)
    client.force_login(other)
    url = f"/admin/pages/{organisation.pk}/edit/"
    assert client.get(url).status_code in (302, 403)
    assert client.post(url, {"retention_logbook_days": "90", "action-publish": "1"}).status_code in (302, 403)
    assert OrganisationPage.objects.get(pk=organisation.pk).retention_logbook_days == 365
