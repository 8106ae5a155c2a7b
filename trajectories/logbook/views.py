"""The Logbook page: the entries, newest first, and the form to write one (posted to the generic item page)."""

from django.shortcuts import render

from trajectories.items.policies import can_add_item
from trajectories.items.selectors import kind_for_model
from trajectories.logbook import LOGBOOK, selectors
from trajectories.logbook.forms import LogEntryForm
from trajectories.logbook.models import LogEntry
from trajectories.space_view import parse_int, space_context, space_view


@space_view
def logbook(request, space):
    entries, more = selectors.log_entries(request, space, before=parse_int(request.GET.get("voor")))
    kind = kind_for_model(LogEntry)
    form = LogEntryForm(space=space, user=request.user) if can_add_item(space) else None
    return render(
        request,
        "trajectories/logbook/logbook.html",
        space_context(request, space, LOGBOOK, entries=entries, more=more, form=form, kind=kind),
    )
