"""Export of a space (issue 13 §7): asked for by the young person or whoever holds regie, built in the background
(django-tasks, after commit) as a ZIP of what the requester may see — ``overzicht.html`` (prints well), ``overzicht.pdf``, ``gegevens.json``
and ``bestanden/`` — streamed file by file into the archive; downloaded once, by the requester, within 24 hours.
Asking and downloading are in the access log."""

import json
import os
import uuid
import zipfile

from django.db import transaction
from django.db.models import FileField, ForeignKey
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from trajectories.agenda.selectors import proposals_readable
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.blueprints.models import SpacePhase
from trajectories.blueprints.selectors import documents_to_sign
from trajectories.documents.models import Document, DocumentVersion, files_storage
from trajectories.export import pdf, policies
from trajectories.export.models import ExportStatus, SpaceExport
from trajectories.history.selectors import shown_values, versions_of_items
from trajectories.items.selectors import item_kinds
from trajectories.messaging.models import Message
from trajectories.spaces.models import Participant
from trajectories.spaces.selectors import forget_space, space_for
from trajectories.spaces.services import NotAllowed, current_space

SKIPPED = {"id", "trajectory", "author", "audience", "updated_by", "created_at", "updated_at"}


@transaction.atomic
def export_request(*, trajectory, by):
    """`by` asks for an export of the space; it is built in the background after commit. Asking again while one is
    being made returns that one."""
    space = current_space(by, trajectory.pk)
    if not policies.can_export(space):
        raise NotAllowed(_("Only the young person or the person who decides can download the space."))
    busy = SpaceExport.objects.filter(
        trajectory_id=space.pk, user_id=by.pk, status__in=[ExportStatus.WAITING, ExportStatus.BUILDING]
    ).first()
    if busy is not None:
        return busy
    export = SpaceExport.objects.create(trajectory_id=space.pk, user=by, participant=space.me)
    audit.record(space=space, item_type=audit.SPACE_EXPORT, item_id=export.pk, action=AccessAction.CREATE)
    transaction.on_commit(lambda: export_build_task.enqueue(export.pk))
    return export


def _value(item, field, people):
    value = field.value_from_object(item)
    if isinstance(field, FileField):
        return None
    if isinstance(field, ForeignKey) and field.related_model is Participant:
        person = people.get(value)
        return person.label if person is not None else None
    return value.isoformat() if hasattr(value, "isoformat") else value


def _versions_data(versions, values, people):
    """The versions of one item the requester may read (issue 13 §2), oldest first, as shown on the history page
    (`values`: :func:`trajectories.history.selectors.shown_values` of every version of the kind, read at once)."""
    rows = []
    for version in versions:
        person = people.get(version.by_id)
        rows.append(
            {
                "version": version.number,
                "by": person.label if person is not None else None,
                "what": str(version.get_action_display()),
                "restored_from": version.restored_from,
                "at": version.at.isoformat(),
                "fields": {str(field.verbose_name): text for field, text in values[version.pk]},
            }
        )
    return rows


def _item_data(kind, item, people, versions=None):
    author = people.get(item.author_id)
    data = {
        "kind": str(kind.label),
        "id": item.pk,
        "title": item.item_title(),
        "written_by": author.label if author is not None else None,
        "who_may_see": str(item.get_audience_display()),
        "created_at": item.created_at.isoformat(),
        "updated_at": item.updated_at.isoformat() if item.updated_at else None,
        "fields": {},
    }
    for field in type(item)._meta.concrete_fields:
        if field.name not in SKIPPED:
            data["fields"][str(field.verbose_name)] = _value(item, field, people)
    if versions is not None:
        data["versions"] = versions
    return data


def _label(people, pk):
    person = people.get(pk)
    return person.label if person is not None else None


def _when(value):
    return value.isoformat() if value is not None else None


def _phases_data(space):
    """The phases of the space in order (issue 13 §1), with their checklist and which one is current: everyone taking
    part sees them on the Traject page. One query."""
    return [
        {
            "position": phase.position,
            "title": phase.title,
            "description": phase.description,
            "checklist": phase.checklist_lines,
            "current": phase.is_current,
            "done": phase.is_done,
            "started_at": _when(phase.started_at),
            "ended_at": _when(phase.ended_at),
        }
        for phase in SpacePhase.objects.filter(trajectory_id=space.pk).order_by("position")
    ]


def _signatures_data(space, user, people):
    """Who signed the documents to sign (who was chosen, who signed and when) — only beside documents the requester
    may read (:func:`trajectories.blueprints.selectors.documents_to_sign`, as on the Traject page)."""
    return [
        {
            "document": row.document_id,
            "title": row.document.title if row.document is not None else row.title,
            "phase": row.phase.title,
            "signatures": [
                {
                    "person": _label(people, signature.participant_id),
                    "chosen_at": _when(signature.chosen_at),
                    "signed_at": _when(signature.signed_at),
                }
                for signature in row.signatures.all()
            ],
        }
        for row in documents_to_sign(space, user)
    ]


def _proposals_data(space, user, people):
    """The proposed appointments the requester made or is invited to (``AppointmentProposal.visible_to``, as on the
    Agenda): their times with everyone's answers, who was invited, and the time confirmed."""
    rows = []
    for proposal in proposals_readable(user, space):
        answers = {}
        for answer in proposal.answers.all():
            answers.setdefault(answer.option_id, []).append(
                {"person": _label(people, answer.participant_id), "answer": str(answer.get_answer_display())}
            )
        confirmed = next((o for o in proposal.options.all() if o.pk == proposal.confirmed_option_id), None)
        rows.append(
            {
                "id": proposal.pk,
                "title": proposal.title,
                "proposed_by": _label(people, proposal.proposer_id),
                "invited": [_label(people, person.pk) for person in proposal.invited.all()],
                "place": proposal.place,
                "video_call": proposal.video_call,
                "notes": proposal.notes,
                "status": str(proposal.get_status_display()),
                "created_at": _when(proposal.created_at),
                "options": [
                    {
                        "start": _when(option.start),
                        "end": _when(option.end),
                        "answers": answers.get(option.pk, []),
                    }
                    for option in proposal.options.all()
                ],
                "confirmed": (
                    {
                        "start": _when(confirmed.start),
                        "end": _when(confirmed.end),
                        "by": _label(people, proposal.confirmed_by_id),
                        "at": _when(proposal.confirmed_at),
                    }
                    if confirmed is not None
                    else None
                ),
            }
        )
    return rows


def _archive_name(version):
    name = (version.original_name or "bestand").replace("/", "_").replace("\\", "_")
    return f"bestanden/{version.document_id}-v{version.number}-{name}"


def _build(export, space, user, zf):
    people = {p.pk: p for p in space.participants}
    kinds = list(item_kinds())
    sections, files = [], []
    for index, kind in enumerate(kinds, start=1):
        items = list(
            kind.model.objects.visible_to(user, space=space).filter(trajectory_id=space.pk).order_by("created_at", "pk")
        )
        if items:
            history = {}
            if kind.model.VERSIONED_FIELDS:
                found = versions_of_items(space, user, kind.model, [i.pk for i in items])
                values = shown_values(space, user, kind.model, [v for rows in found.values() for v in rows])
                history = {pk: _versions_data(rows, values, people) for pk, rows in found.items()}
            versioned = bool(kind.model.VERSIONED_FIELDS)
            rows = [_item_data(kind, i, people, history.get(i.pk, []) if versioned else None) for i in items]
            sections.append({"label": str(kind.label_plural), "items": rows})
        SpaceExport.objects.filter(pk=export.pk).update(progress=int(80 * index / len(kinds)))
    messages = list(
        Message.objects.visible_to(user, space=space).filter(trajectory_id=space.pk).order_by("thread_id", "pk")
    )
    message_data = [
        {
            "conversation": m.thread_id,
            "written_by": people[m.author_id].label if m.author_id in people else None,
            "at": m.created_at.isoformat(),
            "text": m.text,
        }
        for m in messages
    ]
    storage = files_storage()
    readable_documents = Document.objects.visible_to(user, space=space).filter(trajectory_id=space.pk)
    versions = DocumentVersion.objects.filter(document__in=readable_documents.values("pk")).exclude(file="")
    for version in versions.order_by("document_id", "number").iterator():
        arcname = _archive_name(version)
        # Streamed from disk, never held in memory. Every allowed type but plain text is compressed already (PDF,
        # images, the zip-based office formats): deflating it again costs most of the export's time for nothing.
        compress = zipfile.ZIP_DEFLATED if version.content_type.startswith("text/") else zipfile.ZIP_STORED
        zf.write(storage.path(version.file.name), arcname, compress_type=compress)
        files.append({"document": version.document_id, "version": version.number, "file": arcname})
    extra = {
        "phases": _phases_data(space),
        "signatures": _signatures_data(space, user, people),
        "proposals": _proposals_data(space, user, people),
    }
    made_at = timezone.now()
    data = {
        "space": space.trajectory.title,
        "made_at": made_at.isoformat(),
        "made_for": space.me.label,
        **extra,
        "items": sections,
        "messages": message_data,
        "files": files,
    }
    zf.writestr("gegevens.json", json.dumps(data, ensure_ascii=False, indent=2, default=str))
    html = render_to_string(
        "trajectories/export/overview.html",
        {
            "space": space,
            **extra,
            "sections": sections,
            "messages": message_data,
            "files": files,
            "made_at": made_at,
        },
    )
    zf.writestr("overzicht.html", html)
    if pdf.available():
        zf.writestr(
            "overzicht.pdf",
            pdf.overview_pdf(
                title=space.trajectory.title,
                made_for=space.me.label,
                made_at=made_at,
                sections=sections,
                messages=message_data,
                files=files,
                **extra,
            ),
        )


def export_build(*, export_id):
    """Build the waiting export `export_id` (the background task; safe to run twice: only a waiting export is
    taken). It holds what its requester may read now; someone no longer allowed gets a failed export."""
    with transaction.atomic():
        export = SpaceExport.objects.select_for_update().filter(pk=export_id, status=ExportStatus.WAITING).first()
        if export is None:
            return None
        SpaceExport.objects.filter(pk=export.pk).update(status=ExportStatus.BUILDING)
    forget_space()
    space = space_for(export.user, export.trajectory_id)
    if space is None or not policies.can_export(space):
        SpaceExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
        return None
    storage = files_storage()
    name = f"exports/{export.trajectory_id}/{uuid.uuid4().hex}.zip"
    path = storage.path(name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    try:
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            _build(export, space, export.user, zf)
    except Exception:
        storage.delete(name)
        SpaceExport.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED)
        raise
    export.mark_ready()
    SpaceExport.objects.filter(pk=export.pk).update(
        status=export.status,
        progress=100,
        ready_at=export.ready_at,
        expires_at=export.expires_at,
        file_name=name,
        size=storage.size(name),
    )
    return export.pk


@task()
def export_build_task(export_id):
    """Background task: build one export (:func:`export_build`)."""
    return export_build(export_id=export_id)


@transaction.atomic
def export_download(*, export, by):
    """`by` downloads their ready export, once: returns an open file and its name. The file leaves the disk after
    commit (the open handle still reads it); the download is in the access log."""
    space = current_space(by, export.trajectory_id)
    locked = SpaceExport.objects.select_for_update().filter(pk=export.pk, user_id=by.pk).first()
    if locked is None or not locked.downloadable or not locked.file_name:
        raise NotAllowed(_("This download link no longer works. Ask for a new download."))
    storage = files_storage()
    handle = storage.open(locked.file_name, "rb")
    name = locked.file_name
    SpaceExport.objects.filter(pk=locked.pk).update(status=ExportStatus.DOWNLOADED, downloaded_at=timezone.now())
    audit.record(space=space, item_type=audit.SPACE_EXPORT_DOWNLOAD, item_id=locked.pk, action=AccessAction.READ)
    transaction.on_commit(lambda: storage.delete(name))
    return handle


def exports_expire(*, trajectory_id=None):
    """Remove the files of exports that were never downloaded in time (run when someone opens the export page;
    safe to run twice). Returns how many."""
    qs = SpaceExport.objects.filter(status=ExportStatus.READY, expires_at__lte=timezone.now())
    if trajectory_id is not None:
        qs = qs.filter(trajectory_id=trajectory_id)
    storage = files_storage()
    count = 0
    for export in qs:
        if export.file_name:
            storage.delete(export.file_name)
        SpaceExport.objects.filter(pk=export.pk).update(file_name="", status=ExportStatus.FAILED)
        count += 1
    return count
