"""The transfer page of a space (issue 13 §5): whoever holds regie asks, the young person consents."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.space_view import add_errors, refused, space_context, space_view
from trajectories.spaces.services import NotAllowed, refusal
from trajectories.transfer import policies, selectors, services
from trajectories.transfer.forms import TransferForm


def _page(request, space, form, status=200):
    context = space_context(
        request,
        space,
        "deelnemers",
        form=form,
        pending=selectors.pending_transfer(space),
        can_consent=policies.can_consent_transfer(space),
    )
    return render(request, "trajectories/transfer/page.html", context, status=status)


@space_view
def transfer(request, space):
    if not policies.can_transfer(space) and not policies.can_consent_transfer(space):
        return refused(request, space, str(refusal(space)))
    organisations = selectors.destinations(space)
    if request.method != "POST":
        return _page(
            request, space, TransferForm(organisations=organisations) if policies.can_transfer(space) else None
        )
    if not policies.can_transfer(space):
        return refused(request, space, str(refusal(space)))
    form = TransferForm(request.POST, organisations=organisations)
    if form.is_valid():
        try:
            done = services.transfer_request(trajectory=space.trajectory, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        except NotAllowed as error:
            return refused(request, space, str(error))
        else:
            if done.pending:
                messages.success(request, _("Asked. The transfer happens once the young person agrees."))
            else:
                messages.success(request, _("The space is transferred. The new professional is invited."))
            return redirect("trajectories:participants", space.pk)
    return _page(request, space, form, status=400)


@space_view
@require_POST
def consent(request, space, transfer_id):
    pending = selectors.pending_transfer(space)
    if pending is None or pending.pk != transfer_id:
        raise Http404
    try:
        services.transfer_consent(transfer=pending, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("You agreed. The space is transferred and the new professional is invited."))
    return redirect("trajectories:participants", space.pk)
