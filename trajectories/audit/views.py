"""The access log page of a space: for the young person and the (declared) coordinators, with filters (period,
person) and pages of 50 rows. Every view goes through :func:`trajectories.space_view.space_view`."""

from django.http import Http404
from django.shortcuts import render

from trajectories.audit import policies, selectors
from trajectories.audit.forms import AccessLogFilterForm
from trajectories.audit.models import AccessOutcome
from trajectories.space_view import parse_int, space_context, space_tools, space_view


@space_view
def access_log(request, space):
    if not policies.can_read_access_log(space):
        raise Http404
    form = AccessLogFilterForm(request.GET or None, space=space)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    rows, more = selectors.access_log(
        request,
        space,
        start=filters.get("start"),
        end=filters.get("end"),
        participant_id=filters.get("person"),
        before=parse_int(request.GET.get("voor")),
    )
    query = request.GET.copy()
    query.pop("voor", None)
    return render(
        request,
        "trajectories/audit/access_log.html",
        space_context(
            request,
            space,
            "toegangslog",
            form=form,
            rows=rows,
            visits=selectors.visits(rows, {tool.slug: tool.label for tool in space_tools(request, space)}),
            more=more,
            query=query.urlencode(),
            outcomes=AccessOutcome,
        ),
    )
