"""Reads of the plan, each from ``visible_to`` / ``existence_visible_to``, noted for the access log."""

from django.db.models import F, Value

from trajectories.items.selectors import kind_for_model, show_all
from trajectories.plan.models import Action, ActionStatus, Agreement, EvaluationMoment, Goal


def readable_goals(space, user):
    return list(Goal.objects.visible_to(user, space=space).order_by("created_at", "pk"))


def open_actions(request, space, limit=10):
    """Open actions the viewer may read, soonest due first (the dashboard)."""
    user = request.user
    actions = list(
        Action.objects.visible_to(user, space=space)
        .exclude(status=ActionStatus.DONE)
        .annotate(content_visible=Value(True), editable=Value(False))
        .order_by(F("due_date").asc(nulls_last=True), "pk")[:limit]
    )
    return _with_owners(space, show_all(request, space, kind_for_model(Action), actions, chosen=False))


def _with_owners(space, rows):
    for row in rows:
        row.owner = space.participant(row.item.owner_id) if row.content_visible and row.item.owner_id else None
    return rows


def plan(request, space):
    """The care plan as the viewer may see it: goals with their actions and progress, agreements, evaluations."""
    user = request.user

    def read(model, *order):
        return list(model.objects.existence_visible_to(user, space=space).prefetch_related("chosen").order_by(*order))

    goals = show_all(request, space, kind_for_model(Goal), read(Goal, "created_at", "pk"))
    actions = _with_owners(
        space,
        show_all(
            request,
            space,
            kind_for_model(Action),
            read(Action, F("due_date").asc(nulls_last=True), "created_at", "pk"),
        ),
    )
    by_goal = {}
    loose = []
    goal_ids = {goal.pk for goal in goals if goal.content_visible}
    for action in actions:
        goal_id = action.item.goal_id if action.content_visible else None
        if goal_id in goal_ids:
            by_goal.setdefault(goal_id, []).append(action)
        else:
            loose.append(action)
    for goal in goals:
        goal.actions = by_goal.get(goal.pk, [])
        readable = [a for a in goal.actions if a.content_visible]
        goal.actions_done = sum(1 for a in readable if a.item.status == ActionStatus.DONE)
        goal.actions_total = len(readable)
    evaluations = show_all(request, space, kind_for_model(EvaluationMoment), read(EvaluationMoment, "date", "pk"))
    readable_goals = {goal.pk: goal for goal in goals if goal.content_visible}
    for evaluation in evaluations:
        goal_id = evaluation.item.goal_id if evaluation.content_visible else None
        evaluation.goal = readable_goals.get(goal_id)
    return {
        "goals": goals,
        "loose_actions": loose,
        "agreements": show_all(request, space, kind_for_model(Agreement), read(Agreement, "created_at", "pk")),
        "evaluations": evaluations,
    }
