"""Pages of deletion on request (issue 13 §8): the young person asks (an item, or the whole space), whoever holds
regie confirms. Parse, call one service, tell the outcome in plain words."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.deletion import policies, services
from trajectories.deletion.models import DeletionRequest, DeletionScope, DeletionStatus
from trajectories.items.selectors import item_in_space, kind_for_key, kind_for_segment
from trajectories.space_view import confirm_first, refused, space_view
from trajectories.spaces.selectors import space_for
from trajectories.spaces.services import NotAllowed


def _tell(request, outcome):
    if not outcome.done:
        messages.success(
            request,
            _("Your request is sent. The person who decides in this space confirms it; then it is deleted."),
        )
        return
    if outcome.deleted:
        messages.success(request, _("Deleted. Only a note that something was deleted stays in the access log."))
    for what, why in outcome.restricted:
        messages.warning(request, _("Not deleted: %(what)s. %(why)s") % {"what": what, "why": why})


def _after(request, space, outcome, default):
    if space_for(request.user, space.pk) is None:
        return redirect("trajectories:my_spaces")
    return redirect(default)


@space_view
@require_POST
def request_item(request, space, segment, item_id):
    kind = kind_for_segment(segment)
    found = item_in_space(space, request.user, kind, item_id) if kind is not None else None
    if found is None:
        raise Http404
    if not policies.can_request_deletion(space):
        return refused(request, space, _("Only the young person can ask to delete something from the space."))
    waits = not policies.confirms_deletion(space)
    second_step = confirm_first(
        request,
        space,
        current=kind.tool,
        heading=_("Delete this %(kind)s?") % {"kind": kind.label},
        consequence=(_("The person who decides in this space confirms it first. ") if waits else "")
        + _(
            "Then it is gone for everyone, with its files; this cannot be undone. What a care organisation must keep "
            "by law is not deleted: nobody can read it any more, and you are told which and why."
        ),
        button=_("Yes, delete it") if not waits else _("Yes, ask to delete it"),
        cancel_url=kind.item_url(space.pk, found.pk),
    )
    if second_step is not None:
        return second_step
    try:
        outcome = services.deletion_request(
            trajectory=space.trajectory, by=request.user, kind_key=kind.key, item_id=found.pk
        )
    except NotAllowed as error:
        return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
    _tell(request, outcome)
    return _after(request, space, outcome, kind.list_url(space.pk))


@space_view
@require_POST
def request_space(request, space):
    if not policies.can_request_deletion(space):
        return refused(request, space, _("Only the young person can ask to delete something from the space."))
    waits = not policies.confirms_deletion(space)
    second_step = confirm_first(
        request,
        space,
        current="deelnemers",
        heading=_("Delete the whole space?"),
        consequence=(_("The person who decides in this space confirms it first. ") if waits else "")
        + _(
            "Then everything in it is gone, with its files, and nobody can open the space any more — you neither. "
            "This cannot be undone. What a care organisation must keep by law is not deleted: nobody can read it "
            "any more, and you are told which and why."
        ),
        button=_("Yes, delete the space") if not waits else _("Yes, ask to delete the space"),
        cancel_url=reverse("trajectories:participants", args=[space.pk]),
    )
    if second_step is not None:
        return second_step
    try:
        outcome = services.deletion_request(trajectory=space.trajectory, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error))
    _tell(request, outcome)
    return _after(request, space, outcome, reverse("trajectories:participants", args=[space.pk]))


@space_view
@require_POST
def confirm(request, space, request_id):
    found = DeletionRequest.objects.filter(pk=request_id, trajectory_id=space.pk, status=DeletionStatus.PENDING).first()
    if found is None:
        raise Http404
    if not policies.confirms_deletion(space):
        return refused(request, space, _("Only the person who decides in this space (who holds regie) can do this."))
    if found.scope == DeletionScope.SPACE:
        heading = _("Delete the whole space, as the young person asks?")
    else:
        kind = kind_for_key(found.item_type)
        heading = _("Delete this %(kind)s, as the young person asks?") % {"kind": kind.label if kind else "item"}
    second_step = confirm_first(
        request,
        space,
        current="deelnemers",
        heading=heading,
        consequence=_(
            "It is gone for everyone, with its files; this cannot be undone. What a care organisation must keep by "
            "law is restricted instead: nobody can read it any more."
        ),
        button=_("Yes, delete it"),
        cancel_url=reverse("trajectories:participants", args=[space.pk]),
    )
    if second_step is not None:
        return second_step
    try:
        outcome = services.deletion_confirm(request=found, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error))
    _tell(request, outcome)
    return _after(request, space, outcome, reverse("trajectories:participants", args=[space.pk]))


@space_view
@require_POST
def decline(request, space, request_id):
    """Whoever holds regie declines the young person's request with a reason she reads."""
    found = DeletionRequest.objects.filter(pk=request_id, trajectory_id=space.pk, status=DeletionStatus.PENDING).first()
    if found is None:
        raise Http404
    if not policies.confirms_deletion(space):
        return refused(request, space, _("Only the person who decides in this space (who holds regie) can do this."))
    try:
        services.deletion_decline(request=found, by=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("trajectories:participants", space.pk)
    except NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("The request is declined. The young person sees why on the people page."))
    return redirect("trajectories:participants", space.pk)
