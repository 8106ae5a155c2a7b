"""The Plan page: goals with their actions and progress, agreements and evaluation moments. Adding and changing
them are the generic item pages (:mod:`trajectories.items.views`)."""

from django.shortcuts import render

from trajectories.items.policies import can_add_item
from trajectories.items.selectors import kinds_of_tool
from trajectories.plan import PLAN, selectors
from trajectories.space_view import space_context, space_view


@space_view
def plan(request, space):
    return render(
        request,
        "trajectories/plan/plan.html",
        space_context(
            request,
            space,
            PLAN,
            plan=selectors.plan(request, space),
            kinds=kinds_of_tool(PLAN),
            can_add=can_add_item(space),
        ),
    )
