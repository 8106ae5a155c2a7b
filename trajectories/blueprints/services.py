"""Writes of templates and of the phases of a space (issue 13 §1): one function per action, keyword-only, one
transaction each.

* A space started from a template gets a copy of its phases and documents; the first phase starts at once.
* When a phase starts, its default goals become goals of the plan and its documents are written with the
  placeholders filled in (:func:`placeholder_values`), by the person who started the phase, for everyone in the
  space — through the plan's and the documents' own services, so the access log holds each of them.
* Moving on (:func:`phase_advance`) is one action of whoever leads the trajectory
  (:func:`trajectories.blueprints.policies.can_advance`); the form names the phase it moves on from, so a second click
  or a colleague who was quicker never skips a phase.
* Signing: whoever leads chooses who signs a document; each chosen person records "ik onderschrijf dit" with the
  time. Both are in the access log.
* Templates in the admin are saved through :func:`template_save`, which refuses organisations the editor does not
  manage.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trajectories import access
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.blueprints import placeholders, policies, selectors, shipped
from trajectories.blueprints.models import PhaseDocument, Signature, SpacePhase, SpacePlan, lines
from trajectories.documents.models import Document
from trajectories.documents.services import document_create_text
from trajectories.items.services import item_create
from trajectories.plan.models import Goal
from trajectories.spaces import services as space_services
from trajectories.spaces.services import NotAllowed, current_space, refusal


def _names(people):
    labels = [person.label for person in people]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def placeholder_values(space, *, target_group=""):
    """What each placeholder is filled in with in `space` now: the organisation that runs it (else the organisation
    of whoever fills it in), today's date, the target group given at the start, the professionals (trekkers), the
    young person and the name of the space. Unknown values get a dotted line to fill in by hand."""
    blank = "…"
    organisation = space.trajectory.organisation
    active = space.active_participants
    return {
        "organisatie": organisation.title if organisation is not None else (space.me.organisation_label or blank),
        "datum": date_format(timezone.localdate(), "d/m/Y"),
        "doelgroep": target_group or blank,
        "trekkers": _names([p for p in active if p.is_professional]) or blank,
        "jongere": _names([p for p in active if p.role == access.Role.CLIENT]) or blank,
        "werkruimte": space.trajectory.title,
    }


def _start_phase(phase, *, by, now):
    """Start `phase`: its goals and documents are written into the space by `by`."""
    space = current_space(by, phase.trajectory_id)
    SpacePhase.objects.filter(pk=phase.pk).update(started_at=now, started_by=space.me)
    phase.started_at, phase.started_by = now, space.me
    for title in lines(phase.default_goals):
        item_create(model=Goal, trajectory=space.trajectory, by=by, title=title[:200])
    plan = SpacePlan.objects.filter(trajectory_id=space.pk).first()
    values = placeholder_values(space, target_group=plan.target_group if plan is not None else "")
    for template in PhaseDocument.objects.filter(phase=phase, document__isnull=True).order_by("pk"):
        document = document_create_text(
            trajectory=space.trajectory,
            by=by,
            title=placeholders.fill(template.title, values)[:200],
            text=placeholders.fill(template.body, values),
        )
        PhaseDocument.objects.filter(pk=template.pk).update(document=document)


def _copy(template, space, *, target_group):
    SpacePlan.objects.create(
        trajectory_id=space.pk, template=template, template_name=template.name, target_group=target_group.strip()
    )
    phases = {}
    for position, phase in enumerate(template.phases.order_by("sort_order", "pk"), start=1):
        phases[position] = SpacePhase.objects.create(
            trajectory_id=space.pk,
            position=position,
            title=phase.title,
            description=phase.description,
            checklist=phase.checklist,
            default_goals=phase.default_goals,
        )
    last = max(phases) if phases else 0
    for document in template.documents.order_by("sort_order", "pk"):
        phase = phases.get(min(max(document.phase_number, 1), last))
        if phase is not None:
            PhaseDocument.objects.create(
                phase=phase, title=document.title, body=document.body, to_sign=document.to_sign
            )
    return phases.get(1)


@transaction.atomic
def template_apply(*, trajectory, by, template, target_group=""):
    """Whoever leads an open space without a template sets it to follow `template` (one `by` may start from,
    :func:`trajectories.blueprints.selectors.templates_offered`): its phases are copied and the first one starts."""
    space = current_space(by, trajectory.pk)
    if not policies.leads_trajectory(space):
        raise refusal(space, _("Only the person who decides or a professional can choose the template."))
    if not selectors.templates_offered(by).filter(pk=getattr(template, "pk", None)).exists():
        raise ValidationError({"template": _("Choose one of the templates in the list.")})
    if SpacePlan.objects.filter(trajectory_id=space.pk).exists():
        raise NotAllowed(_("This space already follows a template."))
    first = _copy(template, space, target_group=target_group or "")
    if first is not None:
        _start_phase(first, by=by, now=timezone.now())
    audit.record(
        space=space, item_type=audit.SPACE_PHASE, item_id=first.pk if first else None, action=AccessAction.CREATE
    )
    return first


@transaction.atomic
def trajectory_start_from_template(*, user, template, target_group="", **start):
    """`user` starts a space (``trajectories.spaces.services.trajectory_start``, same arguments in `start`) from
    `template`: in one transaction, so a refused template starts no space."""
    if not selectors.templates_offered(user).filter(pk=getattr(template, "pk", None)).exists():
        raise ValidationError({"template": _("Choose one of the templates in the list.")})
    trajectory = space_services.trajectory_start(user=user, **start)
    template_apply(trajectory=trajectory, by=user, template=template, target_group=target_group)
    return trajectory


@transaction.atomic
def phase_advance(*, trajectory, by, from_phase):
    """Whoever leads the trajectory ends the current phase (`from_phase`, the one the page showed) and starts the next
    one, with its goals and documents; after the last phase the trajectory is done. Refused with the reason when the
    actor may not, and when the space moved on already (nothing changes then)."""
    space = current_space(by, trajectory.pk)
    phases = list(SpacePhase.objects.select_for_update().filter(trajectory_id=space.pk).order_by("position"))
    current = selectors.current_phase(phases)
    if not policies.can_advance(space, current):
        if not space.writable:
            raise refusal(space)
        if current is None:
            raise NotAllowed(
                _("This space has no phase to move on from.")
                if not phases
                else _("Every phase of this trajectory is done.")
            )
        raise NotAllowed(_("Only the person who decides or a professional can move the trajectory on."))
    if getattr(from_phase, "pk", from_phase) != current.pk:
        raise NotAllowed(_("The trajectory has moved on already. Look at the current phase first."))
    now = timezone.now()
    SpacePhase.objects.filter(pk=current.pk).update(ended_at=now)
    following = next((phase for phase in phases if phase.position > current.position), None)
    if following is not None:
        _start_phase(following, by=by, now=now)
    audit.record(
        space=space,
        item_type=audit.SPACE_PHASE,
        item_id=(following or current).pk,
        action=AccessAction.UPDATE,
    )
    return following


def _reads_document(participant, document):
    return Document.objects.filter(access.seat_condition(Document, participant), pk=document.pk).exists()


@transaction.atomic
def signers_choose(*, phase_document, by, participants):
    """Whoever leads the trajectory chooses who signs `phase_document` (participant ids): people taking part who may
    read the document. Who signed already stays signed; someone no longer chosen who had not signed is taken off."""
    space = current_space(by, phase_document.phase.trajectory_id)
    if not policies.can_choose_signers(space):
        raise refusal(space, _("Only the person who decides or a professional chooses who signs."))
    document = PhaseDocument.objects.select_for_update().filter(pk=phase_document.pk, to_sign=True).first()
    if document is None or document.document_id is None:
        raise NotAllowed(_("This document cannot be signed."))
    chosen = []
    for pk in {getattr(person, "pk", person) for person in participants or ()}:
        person = space.participant(pk)
        if person is None or not person.is_active or not _reads_document(person, document.document):
            raise ValidationError(
                {"signers": _("Choose people who take part in this space and can read the document.")}
            )
        chosen.append(person)
    if not chosen:
        raise ValidationError({"signers": _("Choose at least one person who signs.")})
    existing = {row.participant_id: row for row in Signature.objects.filter(phase_document=document)}
    ids = {person.pk for person in chosen}
    Signature.objects.filter(phase_document=document, signed_at__isnull=True).exclude(participant_id__in=ids).delete()
    now = timezone.now()
    Signature.objects.bulk_create(
        [
            Signature(phase_document=document, participant=person, chosen_by=space.me, chosen_at=now)
            for person in chosen
            if person.pk not in existing
        ]
    )
    audit.record(space=space, item_type=audit.SPACE_SIGNERS, item_id=document.document_id, action=AccessAction.UPDATE)
    return sorted(ids)


@transaction.atomic
def document_sign(*, phase_document, by):
    """A chosen person signs `phase_document`: "ik onderschrijf dit", with the time. Refused with the reason for
    someone who was not chosen, who signed already, or who may not read the document."""
    space = current_space(by, phase_document.phase.trajectory_id)
    signature = (
        Signature.objects.select_for_update()
        .filter(phase_document_id=phase_document.pk, participant_id=space.me.pk)
        .first()
    )
    if not policies.can_sign(space, signature):
        if not space.writable:
            raise refusal(space)
        if signature is None:
            raise NotAllowed(_("You were not asked to sign this document."))
        raise NotAllowed(_("You signed this document already."))
    document = phase_document.document
    if document is None or not _reads_document(space.me, document):
        raise NotAllowed(_("You were not asked to sign this document."))
    signature.signed_at = timezone.now()
    signature.save(update_fields=["signed_at"])
    audit.record(space=space, item_type=audit.SPACE_SIGNED, item_id=document.pk, action=AccessAction.CREATE)
    return signature


# --- Templates in the admin ------------------------------------------------------------------------------------


@transaction.atomic
def template_save(*, form, by):
    """Save a template from the admin's form (with its phases and document templates): only for an organisation `by`
    manages; a template without organisation (shipped with the platform) only by a superadmin."""
    organisation = form.cleaned_data.get("organisation")
    if organisation is None and not by.is_superuser:
        raise PermissionDenied(_("Only a superadmin changes the templates shipped with the platform."))
    if organisation is not None and not selectors.editable_organisations(by).filter(pk=organisation.pk).exists():
        raise PermissionDenied(_("You do not manage this organisation's templates."))
    if (
        form.instance.pk is not None
        and not selectors.templates_for_editor(by, changing=True).filter(pk=form.instance.pk).exists()
    ):
        raise PermissionDenied(_("You do not manage this organisation's templates."))
    return form.save()


@transaction.atomic
def template_delete(*, template, by):
    """Delete a template `by` manages. Spaces that follow it keep their phases (they hold a copy)."""
    if not selectors.templates_for_editor(by, changing=True).filter(pk=template.pk).exists():
        raise PermissionDenied(_("You do not manage this organisation's templates."))
    template.delete()


# --- The shipped templates ---------------------------------------------------------------------------------------


@transaction.atomic
def shipped_templates_install(*, apps):
    """Add the templates shipped with the platform (:mod:`trajectories.blueprints.shipped`) that are missing, found by
    their key; one a superadmin changed is left as it is. Returns how many were added. `apps`: the app registry to
    take the models from (a migration's historical one, or ``django.apps.apps``)."""
    template_model = apps.get_model("trajectories", "TrajectoryTemplate")
    phase_model = apps.get_model("trajectories", "TemplatePhase")
    document_model = apps.get_model("trajectories", "DocumentTemplate")
    added = 0
    for spec in shipped.TEMPLATES:
        if template_model.objects.filter(key=spec["key"]).exists():
            continue
        template = template_model.objects.create(
            key=spec["key"], name=spec["name"], description=spec["description"], organisation=None, offered=True
        )
        for order, phase in enumerate(spec["phases"]):
            phase_model.objects.create(
                template=template,
                sort_order=order,
                title=phase["title"],
                description=phase["description"],
                checklist="\n".join(phase["checklist"]),
                default_goals="\n".join(phase["goals"]),
            )
        for order, document in enumerate(spec["documents"]):
            document_model.objects.create(template=template, sort_order=order, **document)
        added += 1
    return added


def shipped_templates_keys():
    """The keys of the templates shipped with the platform (the migration removes them when it is reversed)."""
    return [spec["key"] for spec in shipped.TEMPLATES]
