"""Forms of the plan: goals, actions, agreements and evaluation moments (generic item forms)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trajectories.forms import DATE_WIDGET, TEXT_LIMIT, DayField, ItemForm, person_label
from trajectories.plan.models import ActionStatus, GoalStatus
from trajectories.plan.selectors import readable_goals


def goal_choice(goals, pk, *, required):
    if pk is None:
        if required:
            raise ValidationError(_("Choose a goal."))
        return None
    goal = next((goal for goal in goals if goal.pk == pk), None)
    if goal is None:
        raise ValidationError(_("Choose a goal from the list."))
    return goal


class GoalForm(ItemForm):
    title = forms.CharField(label=_("Goal"), max_length=200, error_messages={"required": _("Write the goal.")})
    description = forms.CharField(
        label=_("Explanation"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )
    progress = forms.IntegerField(
        label=_("How far along are we? (percent)"),
        min_value=0,
        max_value=100,
        initial=0,
        error_messages={
            "min_value": _("Choose a number from 0 to 100."),
            "max_value": _("Choose a number from 0 to 100."),
            "invalid": _("Choose a number from 0 to 100."),
            "required": _("Choose a number from 0 to 100."),
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 5}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices, initial=GoalStatus.OPEN)


class ActionForm(ItemForm):
    goal = forms.TypedChoiceField(
        label=_("For which goal?"), coerce=int, empty_value=None, error_messages={"required": _("Choose a goal.")}
    )
    title = forms.CharField(
        label=_("What needs to happen?"), max_length=200, error_messages={"required": _("Write what needs to happen.")}
    )
    owner = forms.TypedChoiceField(label=_("Who does it?"), required=False, coerce=int, empty_value=None)
    due_date = DayField(
        label=_("Done by"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": _("Write a date like 31-12-2026.")},
    )
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.TODO)

    def setup(self, space):
        self.goals = readable_goals(space, self.user)
        self.fields["goal"].choices = [("", _("Choose a goal")), *[(goal.pk, goal.title) for goal in self.goals]]
        self.fields["owner"].choices = [
            ("", _("Nobody yet")),
            *[(p.pk, person_label(p)) for p in space.active_participants],
        ]

    def clean_goal(self):
        return goal_choice(self.goals, self.cleaned_data.get("goal"), required=True)

    def clean_owner(self):
        pk = self.cleaned_data.get("owner")
        if pk is None:
            return None
        person = self.space.participant(pk)
        if person is None or not person.is_active:
            raise ValidationError(_("Choose someone who takes part in this space."))
        return person

    def initial_from(self, instance):
        initial = super().initial_from(instance)
        initial["goal"] = instance.goal_id
        initial["owner"] = instance.owner_id
        return initial


class AgreementForm(ItemForm):
    title = forms.CharField(
        label=_("Agreement"),
        max_length=200,
        help_text=_("An agreement in the plan, for example: we call each other every Friday."),
        error_messages={"required": _("Write the agreement.")},
    )
    description = forms.CharField(
        label=_("Explanation"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )


class EvaluationMomentForm(ItemForm):
    date = DayField(
        label=_("Date"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Choose a date."), "invalid": _("Write a date like 31-12-2026.")},
    )
    goal = forms.TypedChoiceField(label=_("About which goal?"), required=False, coerce=int, empty_value=None)
    note = forms.CharField(
        label=_("Notes"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 5})
    )

    def setup(self, space):
        self.goals = readable_goals(space, self.user)
        self.fields["goal"].choices = [("", _("The whole plan")), *[(goal.pk, goal.title) for goal in self.goals]]

    def clean_goal(self):
        return goal_choice(self.goals, self.cleaned_data.get("goal"), required=False)

    def initial_from(self, instance):
        initial = super().initial_from(instance)
        initial["goal"] = instance.goal_id
        return initial
