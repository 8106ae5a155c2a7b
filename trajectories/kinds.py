"""The item kinds of part A: the plan (goals, actions, agreements, evaluation moments) and the logbook."""

from django.utils.translation import gettext_lazy as _

from trajectories.forms import ActionForm, AgreementForm, EvaluationMomentForm, GoalForm, LogEntryForm
from trajectories.models import Action, Agreement, EvaluationMoment, Goal, LogEntry
from trajectories.registry import ItemKind, register_item_kind

PLAN = "plan"
LOGBOOK = "logboek"


def register():
    register_item_kind(
        ItemKind(
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
        )
    )
    register_item_kind(
        ItemKind(
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
        )
    )
    register_item_kind(
        ItemKind(
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
        )
    )
    register_item_kind(
        ItemKind(
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
        )
    )
    register_item_kind(
        ItemKind(
            key="log_entry",
            add_label=_("Write in the logbook"),
            model=LogEntry,
            tool=LOGBOOK,
            segment="logboek",
            label=_("log entry"),
            label_plural=_("log entries"),
            form_class=LogEntryForm,
            list_url_name="trajectories:logbook",
            order=50,
        )
    )
