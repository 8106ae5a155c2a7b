"""Pages of the Agenda: the appointments of a space, one appointment (read, change), and the personal calendar link
and feed. Every page of a space goes through :func:`trajectories.space_view.space_view` (same 404 for missing and
invisible, two-step verification, the access log written before the response leaves, ``Cache-Control: no-store,
private``)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from trajectories.agenda import AGENDA, selectors, services
from trajectories.agenda.ical import feed_url, render_ical
from trajectories.items import services as item_services
from trajectories.items.policies import can_add_item
from trajectories.items.selectors import item_in_space, note, show
from trajectories.space_view import ItemNotFound, add_errors, refused, space_context, space_view
from trajectories.spaces.services import NotAllowed

# --- Agenda -----------------------------------------------------------------------------------------------------


def _feed_context(request):
    return {
        "has_feed": selectors.has_feed(request.user),
        "new_feed_url": getattr(request, "new_feed_url", ""),
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
    return render(
        request,
        "trajectories/agenda/appointment.html",
        space_context(request, space, kind.tool, kind=kind, shown=shown, form=form),
        status=status,
    )
