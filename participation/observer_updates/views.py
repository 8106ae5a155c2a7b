"""The observers' overview (issue 14 §6): what an observer who logs in sees of the organisations they follow (seed
001: policy makers "blijven betrokken bij de input"), instead of an administration they have no role in."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from participation.http import no_store
from participation.observer_updates import selectors


@login_required
def overview(request):
    """Per observed organisation: the figures of the update mail for the period so far (live) and the latest posts
    the observer may read. Someone who observes no organisation gets 404, as for a page that is not there."""
    organisations = selectors.observed_organisations(request.user)
    if not organisations:
        raise Http404
    sections = []
    for organisation in organisations:
        start, end = selectors.current_period(organisation.observer_update_months)
        sections.append(
            {
                "organisation": organisation,
                "update": selectors.figures(organisation, start, end),
                "posts": selectors.latest_posts(request.user, organisation),
            }
        )
    return no_store(render(request, "participation/observer_updates/overview.html", {"sections": sections}))
