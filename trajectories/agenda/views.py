"""Pages of the Agenda: the appointments of a space, one appointment (read, change, decline), planning together
(propose times, answer, confirm: issue 13 §3), and the personal calendar link and feed. Every page of a space goes through :func:`trajectories.space_view.space_view` (same 404 for missing and
invisible, two-step verification, the access log written before the response leaves, ``Cache-Control: no-store,
private``)."""

from types import SimpleNamespace

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trajectories.agenda import AGENDA, policies, selectors, services
from trajectories.agenda.forms import ProposalForm, answers_from
from trajectories.agenda.ical import feed_url, render_ical
from trajectories.agenda.models import Answer
from trajectories.items import services as item_services
from trajectories.items.policies import can_add_item
from trajectories.items.selectors import item_in_space, note, show
from trajectories.space_view import ItemNotFound, add_errors, parse_int, refused, space_context, space_view
from trajectories.spaces.services import NotAllowed, refusal

# --- Agenda -----------------------------------------------------------------------------------------------------


def _feed_context(request):
    return {
        "has_feed": selectors.has_feed(request.user),
        "new_feed_url": getattr(request, "new_feed_url", ""),
    }


def _proposal_context(request, space):
    return {
        "proposals": selectors.proposals(request, space),
        "can_propose": policies.can_propose(space),
    }


@space_view
def agenda_page(request, space):
    show_past = request.GET.get("eerder") == "1"
    rows = selectors.past(request, space) if show_past else selectors.upcoming(request, space)
    return render(
        request,
        "trajectories/agenda/agenda.html",
        space_context(
            request,
            space,
            AGENDA,
            rows=rows,
            show_past=show_past,
            kind=selectors.kind(),
            can_add=can_add_item(space),
            **_proposal_context(request, space),
            **_feed_context(request),
        ),
    )


@space_view
@require_POST
def agenda_feed_reset(request, space):
    """Make a new personal calendar link; the page shows it once (only its hash is kept)."""
    token = services.feed_reset(user=request.user)
    request.new_feed_url = feed_url(token)
    messages.success(request, _("Your new calendar link is ready. An older link no longer works."))
    rows = selectors.upcoming(request, space)
    return render(
        request,
        "trajectories/agenda/agenda.html",
        space_context(
            request,
            space,
            AGENDA,
            rows=rows,
            show_past=False,
            kind=selectors.kind(),
            can_add=can_add_item(space),
            **_proposal_context(request, space),
            **_feed_context(request),
        ),
    )


@require_GET
def agenda_feed(request, token):
    """The personal iCal feed: the appointments its owner may read now, without care content (no title, place,
    notes or video link). An unknown or replaced token answers 404."""
    feed = selectors.feed_owner(token)
    if feed is None:
        raise Http404
    appointments = selectors.feed_appointments(feed.user)
    services.record_feed_reads(user=feed.user, appointments=appointments)
    services.feed_used(feed=feed)
    response = HttpResponse(render_ical(appointments), content_type="text/calendar; charset=utf-8")
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    patch_cache_control(response, no_store=True, private=True)
    return response


@space_view
def appointment(request, space, item_id):
    """One appointment: its details and video link for who may read it, a placeholder for the young person when
    it is not for them; its form for who may change it."""
    kind = selectors.kind()
    found = item_in_space(space, request.user, kind, item_id)
    if found is None:
        raise ItemNotFound(kind, item_id)
    shown = show(space, kind, found)
    note(request, space, kind, [shown])
    form = None
    status = 200
    editing = shown.can_edit and (request.method == "POST" or request.GET.get("wijzigen") == "1")
    if editing:
        form = kind.form_class(request.POST or None, space=space, user=request.user, instance=found)
    if request.method == "POST":
        if form is None:
            return refused(request, space, _("You cannot change this."), item_type=kind.key, item_id=found.pk)
        if form.is_valid():
            try:
                item_services.item_update(item=found, by=request.user, **form.item_fields())
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
            else:
                messages.success(request, _("Saved."))
                return redirect(kind.item_url(space.pk, found.pk))
        status = 400
    declined_by = selectors.declines_of(found) if shown.content_visible else []
    declined = any(person.pk == space.me.pk for person in declined_by)
    return render(
        request,
        "trajectories/agenda/appointment.html",
        space_context(
            request,
            space,
            kind.tool,
            kind=kind,
            shown=shown,
            form=form,
            declined_by=declined_by,
            declined=declined,
            can_decline=shown.content_visible and policies.can_decline(space, found, declined=declined),
        ),
        status=status,
    )


@space_view
@require_POST
def appointment_decline(request, space, item_id):
    """The young person declines an appointment someone else put in her agenda; its author is told."""
    kind = selectors.kind()
    found = item_in_space(space, request.user, kind, item_id)
    if found is None or not found.content_visible:
        raise ItemNotFound(kind, item_id)
    try:
        services.appointment_decline(appointment=found, by=request.user)
    except NotAllowed as error:
        return refused(request, space, str(error), item_type=kind.key, item_id=found.pk)
    messages.success(request, _("You declined this appointment. The person who made it has been told."))
    return redirect(kind.item_url(space.pk, found.pk))


# --- Planning together ------------------------------------------------------------------------------------------

PROPOSAL_KIND = SimpleNamespace(key=selectors.PROPOSAL)  # what the access log names a refused proposal by


@space_view
def proposal_create(request, space):
    """Propose an appointment with one to five times to the people one invites."""
    if not policies.can_propose(space):
        return refused(request, space, str(refusal(space)))
    form = ProposalForm(request.POST or None, space=space)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                proposal = services.proposal_create(
                    trajectory=space.trajectory, by=request.user, **form.proposal_fields()
                )
            except ValidationError as error:
                add_errors(form, error)
            except NotAllowed as error:
                return refused(request, space, str(error))
            else:
                messages.success(request, _("Your proposal has been sent to the people you invited."))
                return redirect("trajectories:proposal", space.pk, proposal.pk)
        status = 400
    return render(
        request,
        "trajectories/agenda/proposal_form.html",
        space_context(request, space, AGENDA, form=form),
        status=status,
    )


def _proposal_page(request, space, proposal, *, status=200, errors=None, posted=None):
    rows, invited, waiting = selectors.answer_table(proposal, space)
    invited_ids = {person.pk for person in invited}
    if posted:
        for row in rows:  # what was just posted stays chosen when the page comes back with a message
            row.mine = posted.get(row.option.pk, row.mine)
    return render(
        request,
        "trajectories/agenda/proposal.html",
        space_context(
            request,
            space,
            AGENDA,
            proposal=proposal,
            proposer=space.participant(proposal.proposer_id),
            rows=rows,
            invited=invited,
            waiting=waiting,
            answers=Answer.choices,
            errors=errors or [],
            can_answer=policies.can_answer(space, proposal, invited_ids),
            can_confirm=policies.can_confirm(space, proposal),
            appointment_url=(
                selectors.kind().item_url(space.pk, proposal.appointment_id) if proposal.appointment_id else ""
            ),
        ),
        status=status,
    )


def _found_proposal(request, space, proposal_id):
    proposal = selectors.proposal_in_space(request, space, proposal_id)
    if proposal is None:
        raise ItemNotFound(PROPOSAL_KIND, proposal_id)
    return proposal


@space_view
def proposal(request, space, proposal_id):
    """A proposal: its times with everyone's answers in a table, the viewer's own answers, and confirming a time.
    Only the proposer and the invited see it; for anyone else it does not exist (404)."""
    return _proposal_page(request, space, _found_proposal(request, space, proposal_id))


def _messages_of(error):
    return [message for messages_ in error.message_dict.values() for message in messages_]


@space_view
@require_POST
def proposal_answer(request, space, proposal_id):
    """An invited person's yes / maybe / no per time (answering again changes it)."""
    found = _found_proposal(request, space, proposal_id)
    posted = answers_from(request.POST, found.options.all())
    try:
        services.proposal_answer(proposal=found, by=request.user, answers=posted)
    except ValidationError as error:
        return _proposal_page(request, space, found, status=400, errors=_messages_of(error), posted=posted)
    except NotAllowed as error:
        return refused(request, space, str(error), item_type=selectors.PROPOSAL, item_id=found.pk)
    messages.success(request, _("Thank you, your answers are saved. You can change them until a time is confirmed."))
    return redirect("trajectories:proposal", space.pk, found.pk)


@space_view
@require_POST
def proposal_confirm(request, space, proposal_id):
    """The proposer (or whoever holds regie) confirms one time: the appointment goes into the invited's agenda."""
    found = _found_proposal(request, space, proposal_id)
    try:
        appointment = services.proposal_confirm(
            proposal=found, by=request.user, option_id=parse_int(request.POST.get("option"))
        )
    except ValidationError as error:
        return _proposal_page(request, space, found, status=400, errors=_messages_of(error))
    except NotAllowed as error:
        return refused(request, space, str(error), item_type=selectors.PROPOSAL, item_id=found.pk)
    messages.success(request, _("The appointment is in the agenda of everyone you invited. They have been told."))
    return redirect(selectors.kind().item_url(space.pk, appointment.pk))
