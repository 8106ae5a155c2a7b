"""The Plan's hooks: its four item kinds (goals, actions, agreements, evaluation moments) and its tool with the
Overzicht widget of open actions. Imported by :mod:`trajectories.wagtail_hooks`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_SPACE_ITEM_KIND, REGISTER_TRAJECTORY_TOOL, SpaceItemKind, TrajectoryTool
from trajectories.plan import PLAN
from trajectories.plan.forms import ActionForm, AgreementForm, EvaluationMomentForm, GoalForm
from trajectories.plan.models import Action, Agreement, EvaluationMoment, Goal
from trajectories.plan.selectors import open_actions
from trajectories.space_view import widget


@hooks.register(REGISTER_SPACE_ITEM_KIND)
def plan_kinds():
    return [
        SpaceItemKind(
            key="goal",
            add_label=_("Add a goal"),
            model=Goal,
            tool=PLAN,
            segment="doelen",
            label=_("goal"),
            label_plural=_("goals"),
            form_class=GoalForm,
            list_url_name="trajectories:plan",
            order=10,
        ),
        SpaceItemKind(
            key="action",
            add_label=_("Add an action"),
            model=Action,
            tool=PLAN,
            segment="acties",
            label=_("action"),
            label_plural=_("actions"),
            form_class=ActionForm,
            list_url_name="trajectories:plan",
            order=20,
        ),
        SpaceItemKind(
            key="agreement",
            add_label=_("Add an agreement"),
            model=Agreement,
            tool=PLAN,
            segment="afspraken",
            label=_("agreement"),
            label_plural=_("agreements"),
            form_class=AgreementForm,
            list_url_name="trajectories:plan",
            order=30,
        ),
        SpaceItemKind(
            key="evaluation_moment",
            add_label=_("Plan an evaluation"),
            model=EvaluationMoment,
            tool=PLAN,
            segment="evaluaties",
            label=_("evaluation moment"),
            label_plural=_("evaluation moments"),
            form_class=EvaluationMomentForm,
            list_url_name="trajectories:plan",
            order=40,
        ),
    ]


# Order -2: the first tool of every space, before the tools of plugins (default order 0) and the Agenda (10).
@hooks.register(REGISTER_TRAJECTORY_TOOL, order=-2)
def plan_tool(trajectory, request):
    return TrajectoryTool(
        slug=PLAN,
        label=_("Plan"),
        url=reverse("trajectories:plan", args=[trajectory.pk]),
        widget=widget("trajectories/plan/widget.html", trajectory, request, open_actions),
    )
