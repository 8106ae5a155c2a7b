"""The Traject page of a space that follows a template (issue 13 §1): every phase in order, the current one with its
checklist, moving on, and the documents people sign (who signed and when). Parse, call one service, render."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trajectories.audit.services import note_reads
from trajectories.blueprints import PHASES, policies, selectors, services
from trajectories.blueprints.forms import SignersForm
from trajectories.documents.selectors import kind as document_kind
from trajectories.space_view import add_errors, parse_int, refused, space_context, space_view
from trajectories.spaces.services import NotAllowed


def _rows(space, user, forms=None):
    """Each readable document to sign with its signatures and what the viewer may do about it."""
    rows = []
    for document in selectors.documents_to_sign(space, user):
        mine = next((s for s in document.signatures.all() if s.participant_id == space.me.pk), None)
        rows.append(
            {
                "document": document,
                "url": document_kind().item_url(space.pk, document.document_id),
                "signatures": list(document.signatures.all()),
                "can_sign": policies.can_sign(space, mine),
                "signed_by_me": mine is not None and mine.signed_at is not None,
                "form": (forms or {}).get(document.pk)
                or (
                    SignersForm(space=space, initial={"signers": [s.participant_id for s in document.signatures.all()]})
                    if policies.can_choose_signers(space)
                    else None
                ),
            }
        )
    return rows


def _page(request, space, *, forms=None, status=200):
    phases = selectors.space_phases(request, space.pk)
    if not phases:
        raise Http404
    current = selectors.current_phase(phases)
    rows = _rows(space, request.user, forms)
    note_reads(
        request, space=space, item_type=document_kind().key, item_ids=[row["document"].document_id for row in rows]
    )
    context = space_context(
        request,
        space,
        PHASES,
        phases=phases,
        current_phase=current,
        plan=selectors.plan_of(space),
        can_advance=policies.can_advance(space, current),
        to_sign=rows,
    )
    return render(request, "trajectories/blueprints/page.html", context, status=status)


@space_view
def phases_page(request, space):
    return _page(request, space)


@space_view
@require_POST
def advance(request, space):
    try:
        started = services.phase_advance(
            trajectory=space.trajectory, by=request.user, from_phase=parse_int(request.POST.get("fase"))
        )
    except NotAllowed as error:
        return refused(request, space, str(error))
    if started is None:
        messages.success(request, _("Every phase is done. The trajectory is finished."))
    else:
        messages.success(request, _("The trajectory is now in the phase “%(phase)s”.") % {"phase": started.title})
    return redirect("trajectories:phases", space.pk)


def _document_or_404(request, space, document_id):
    found = selectors.phase_document_to_sign(space, request.user, document_id)
    if found is None:
        raise Http404
    return found


@space_view
@require_POST
def signers(request, space, document_id):
    document = _document_or_404(request, space, document_id)
    if not policies.can_choose_signers(space):
        return refused(request, space, _("Only the person who decides or a professional chooses who signs."))
    form = SignersForm(request.POST, space=space)
    if form.is_valid():
        try:
            services.signers_choose(phase_document=document, by=request.user, participants=form.cleaned_data["signers"])
        except ValidationError as error:
            add_errors(form, error)
        except NotAllowed as error:
            return refused(request, space, str(error))
        else:
            messages.success(request, _("Saved. The people you chose can sign now."))
            return redirect("trajectories:phases", space.pk)
    return _page(request, space, forms={document.pk: form}, status=400)


@space_view
@require_POST
def sign(request, space, document_id):
    document = _document_or_404(request, space, document_id)
    try:
        services.document_sign(phase_document=document, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error))
    messages.success(request, _("Signed. Everyone in the trajectory sees that you endorse this."))
    return redirect("trajectories:phases", space.pk)
