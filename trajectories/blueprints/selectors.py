"""Reads of templates and of the phases of a space.

Templates: :func:`templates_for_editor` is the one rule of which templates a person sees in the admin (their own
organisations' and the shipped ones; a superadmin every one), :func:`templates_offered` which templates a person may
start a space from. Phases and documents to sign are read for a space the viewer takes part in (``space_for``); a
document and its signatures are shown only when the viewer may read the document (``Document.visible_to``).
"""

from django.db.models import Prefetch, Q

from themes.models import OrganisationPage
from trajectories.blueprints import policies
from trajectories.blueprints.models import PhaseDocument, Signature, SpacePhase, SpacePlan, TrajectoryTemplate
from trajectories.blueprints.shipped import YOUTH_CARE
from trajectories.documents.models import Document
from trajectories.spaces.selectors import allowed_organisations

PHASES_ATTRIBUTE = "_space_phases"


def editable_organisations(user):
    """The organisations whose templates `user` manages: every one for a superadmin; otherwise those on which (or
    above which) they are an editor or organisation admin."""
    organisations = OrganisationPage.objects.all()
    if user.is_superuser:
        return organisations.order_by("title")
    paths = policies.template_role_paths(user)
    if not paths:
        return organisations.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return organisations.filter(condition).order_by("title")


def templates_for_editor(user, *, changing=False):
    """The templates `user` sees in the admin: those of their organisations and the shipped ones (which only a
    superadmin changes: `changing`). Never another organisation's."""
    templates = TrajectoryTemplate.objects.all()
    if not policies.may_manage_templates(user):
        return templates.none()
    if user.is_superuser:
        return templates
    own = Q(organisation__in=editable_organisations(user).values("pk"))
    return templates.filter(own if changing else own | Q(organisation__isnull=True))


def shipped_template(key=YOUTH_CARE):
    """A template shipped with the platform, by its stable key (the youth-care trajectory unless said otherwise);
    None when it is not installed."""
    return TrajectoryTemplate.objects.filter(key=key, organisation__isnull=True).first()


def templates_offered(user):
    """The templates `user` may start a space from: the shipped ones and those of the organisations they may start a
    space for, while offered."""
    organisations = allowed_organisations(user).values("pk")
    return (
        TrajectoryTemplate.objects.filter(offered=True)
        .filter(Q(organisation__isnull=True) | Q(organisation__in=organisations))
        .select_related("organisation")
        .order_by("organisation__title", "name", "pk")
    )


def space_phases(request, trajectory_id):
    """The phases of a space in order (empty for a space without a template), read once per request: the tool's
    hook and its Overzicht widget share them."""
    memo = getattr(request, PHASES_ATTRIBUTE, None)
    if memo is None:
        memo = {}
        setattr(request, PHASES_ATTRIBUTE, memo)
    if trajectory_id not in memo:
        memo[trajectory_id] = list(SpacePhase.objects.filter(trajectory_id=trajectory_id).order_by("position"))
    return memo[trajectory_id]


def current_phase(phases):
    """The phase the space is in (started and not ended), or None (not started, or every phase done)."""
    return next((phase for phase in phases if phase.is_current), None)


def plan_of(space):
    """The template a space was started from (its :class:`SpacePlan`), or None."""
    return SpacePlan.objects.filter(trajectory_id=space.pk).first()


def documents_to_sign(space, user):
    """The documents of the trajectory that people sign, which the viewer may read, with their signatures (who was
    chosen, who signed and when)."""
    readable = Document.objects.visible_to(user, space=space).values("pk")
    return list(
        PhaseDocument.objects.filter(phase__trajectory_id=space.pk, to_sign=True, document__in=readable)
        .select_related("document", "phase")
        .prefetch_related(
            Prefetch(
                "signatures",
                queryset=Signature.objects.select_related("participant").order_by("participant__name", "pk"),
            )
        )
        .order_by("phase__position", "pk")
    )


def phase_document_to_sign(space, user, pk):
    """One document to sign of the space that the viewer may read, or None."""
    return next((row for row in documents_to_sign(space, user) if row.pk == pk), None)
