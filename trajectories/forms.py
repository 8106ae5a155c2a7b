"""Forms of the collaboration spaces. They parse and keep what was typed; the rules live in services.py.

Choices of people come from the :class:`trajectories.access.Space` already read for the request, so building
a form costs no query of its own.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trajectories.models import (
    PROFESSIONAL_ROLES,
    ActionStatus,
    Audience,
    GoalStatus,
    Mood,
    Regie,
    Role,
)

TEXT_LIMIT = 5000
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def person_label(participant):
    parts = [participant.label]
    if participant.relation:
        parts.append(participant.relation)
    elif participant.role:
        parts.append(str(participant.get_role_display()).lower())
    return " · ".join(parts)


def readable_goals(space, user):
    from trajectories.models import Goal

    return list(Goal.objects.visible_to(user, space=space).order_by("created_at", "pk"))


def goal_choice(goals, pk, *, required):
    if pk is None:
        if required:
            raise ValidationError(_("Choose a goal."))
        return None
    goal = next((goal for goal in goals if goal.pk == pk), None)
    if goal is None:
        raise ValidationError(_("Choose a goal from the list."))
    return goal


class ParticipantMultipleChoiceField(forms.TypedMultipleChoiceField):
    def __init__(self, *, participants, **kwargs):
        super().__init__(
            choices=[(p.pk, person_label(p)) for p in participants],
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
            **kwargs,
        )


def audience_fields(space, *, author_id):
    """The audience picker: everyone / the people I choose / professionals only, and whom (shared by every kind).
    The author is not offered: they always see what they wrote."""
    others = [p for p in space.active_participants if p.pk != author_id]
    return {
        "audience": forms.ChoiceField(
            label=_("Who may see this?"),
            choices=Audience.choices,
            initial=Audience.EVERYONE,
            widget=forms.RadioSelect,
            help_text=_("You always see what you wrote yourself."),
        ),
        "chosen": ParticipantMultipleChoiceField(
            participants=others,
            label=_("The people I choose"),
            required=False,
            help_text=_("Only when you picked 'Only the people I choose'."),
        ),
    }


class AudienceMixin:
    """Adds and checks the audience fields; ``cleaned_data["chosen"]`` holds participant ids."""

    def add_audience_fields(self, space, *, author_id):
        self.fields.update(audience_fields(space, author_id=author_id))

    def clean_audience_choice(self, cleaned):
        if "audience" not in self.fields:
            return cleaned
        if cleaned.get("audience") == Audience.CHOSEN:
            if not cleaned.get("chosen"):
                self.add_error("chosen", _("Choose at least one person who may see this."))
        else:
            cleaned["chosen"] = []
        return cleaned


class AudienceForm(AudienceMixin, forms.Form):
    """Change who may see one item (for whoever holds regie)."""

    def __init__(self, *args, space, author_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_audience_fields(space, author_id=author_id)
        self.fields["audience"].help_text = _("The person who wrote it always sees it.")

    def clean(self):
        return self.clean_audience_choice(super().clean())


class ItemForm(AudienceMixin, forms.Form):
    """Base of every item form: a kind's own fields, plus the audience picker when the item is new.

    Subclasses declare their fields and may override ``setup(space)`` to fill choices from the space.
    ``instance`` (when changing an item) fills the initial values; the audience is changed on its own page.
    """

    def __init__(self, *args, space, instance=None, user=None, **kwargs):
        self.space = space
        self.instance = instance
        self.user = user
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        self.setup(space)
        if instance is None:
            self.add_audience_fields(space, author_id=space.me.pk)

    def setup(self, space):
        pass

    def initial_from(self, instance):
        return {name: getattr(instance, name, None) for name in self.base_fields}

    def clean(self):
        return self.clean_audience_choice(super().clean())

    def item_fields(self):
        """The cleaned values for the item itself (without the audience)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in ("audience", "chosen")}


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
    due_date = forms.DateField(
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
    date = forms.DateField(
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


class LogEntryForm(ItemForm):
    text = forms.CharField(
        label=_("What happened?"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write what happened.")},
    )
    mood = forms.ChoiceField(
        label=_("How did it go? (you may skip this)"),
        choices=[("", _("I'd rather not say")), *Mood.choices],
        required=False,
        widget=forms.RadioSelect,
    )


# --- Spaces, participants, regie ------------------------------------------------------------------------------

MY_ROLE_CHOICES = [
    (Role.CLIENT, _("I am the young person")),
    (Role.NETWORK, _("I am a parent, family member or someone else close to the young person")),
    (
        Role.PROFESSIONAL,
        _("I am a care professional, declared by my organisation (counsellor, case worker…)"),
    ),
    (Role.COORDINATOR, _("I am the coordinator of the plan, declared by my organisation")),
]


class StartForm(forms.Form):
    title = forms.CharField(
        label=_("Name of the space"),
        max_length=120,
        help_text=_("For example: Sara's space. Only the people in the space see this name."),
        error_messages={"required": _("Give the space a name.")},
    )
    role = forms.ChoiceField(
        label=_("Who are you in this space?"),
        choices=MY_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are in this space.")},
    )
    name = forms.CharField(
        label=_("Your name in this space"),
        max_length=80,
        required=False,
        help_text=_("How the others in the space know you. Empty: your display name."),
    )
    relation = forms.CharField(
        label=_("What are you to the young person?"),
        max_length=60,
        required=False,
        help_text=_("For example: mum, counsellor, teacher."),
    )
    organisation = forms.TypedChoiceField(label=_("Organisation that runs the space"), required=False, coerce=int)
    regie = forms.ChoiceField(
        label=_("Who decides who is in the space and who sees what?"),
        choices=Regie.choices,
        initial=Regie.CLIENT,
        widget=forms.RadioSelect,
        help_text=_("You can change this later."),
    )

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {page.pk: page for page in organisations}
        if self.organisations:
            self.fields["organisation"].choices = [
                ("", _("None: I start this space myself")),
                *[(page.pk, page.title) for page in organisations],
            ]
        else:
            del self.fields["organisation"]

    def clean_organisation(self):
        value = self.cleaned_data.get("organisation")
        if value in (None, ""):
            return None
        if value not in self.organisations:
            raise ValidationError(_("Choose one of the organisations in the list."))
        return self.organisations[value]


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        error_messages={"required": _("Write an e-mail address."), "invalid": _("Write a valid e-mail address.")},
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        required=False,
        help_text=_("How the others in the space will know this person."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a role.")},
        help_text=_(
            "Professionals and coordinators also see what is 'only for the professionals'. They can only accept "
            "when their organisation has declared them as a care professional; the space then shows that "
            "organisation."
        ),
    )
    relation = forms.CharField(
        label=_("Relation to the young person"),
        max_length=60,
        required=False,
        help_text=_("For example: mum, teacher, case worker."),
    )
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=120,
        required=False,
        help_text=_(
            "For example the school. Not for professionals: for them it is the organisation that declared them."
        ),
    )
    member_organisation = forms.TypedChoiceField(
        label=_("Or choose an organisation fiche"), required=False, coerce=int, empty_value=None
    )
    has_parental_authority = forms.BooleanField(label=_("Has parental authority"), required=False)

    def __init__(self, *args, member_organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.member_organisations = {fiche.pk: fiche for fiche in member_organisations}
        if self.member_organisations:
            self.fields["member_organisation"].choices = [
                ("", "—"),
                *[(fiche.pk, fiche.name) for fiche in member_organisations],
            ]
        else:
            del self.fields["member_organisation"]

    def clean_member_organisation(self):
        value = self.cleaned_data.get("member_organisation")
        if value is None:
            return None
        if value not in self.member_organisations:
            raise ValidationError(_("Choose one of the organisations in the list."))
        return self.member_organisations[value]


def role_choices_for(role):
    """The roles a participant with `role` may be given (the service refuses the rest, also when forged): the young
    person keeps their role; nobody else becomes the young person; a network member never becomes a professional
    or coordinator; a professional or coordinator may switch between those two or become a network member."""
    if role == Role.CLIENT:
        allowed = [Role.CLIENT]
    elif role in PROFESSIONAL_ROLES:
        allowed = [Role.NETWORK, Role.PROFESSIONAL, Role.COORDINATOR]
    else:
        allowed = [Role.NETWORK]
    return [(value, label) for value, label in Role.choices if value in allowed]


class ParticipantForm(forms.Form):
    """What whoever holds regie may change about a participant."""

    name = forms.CharField(label=_("Name"), max_length=80, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, widget=forms.RadioSelect)
    relation = forms.CharField(label=_("Relation to the young person"), max_length=60, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    has_parental_authority = forms.BooleanField(label=_("Has parental authority"), required=False)
    contact_ban = forms.BooleanField(
        label=_("Contact ban"),
        required=False,
        help_text=_("With a contact ban this person sees nothing of this space any more."),
    )

    def __init__(self, *args, participant=None, **kwargs):
        super().__init__(*args, **kwargs)
        if participant is not None:
            # Only the choices the service allows are shown; any role still validates here, so a forged value
            # reaches the service, which refuses it (and the access log records the refusal).
            self.fields["role"].widget.choices = role_choices_for(participant.role)
            if participant.role in PROFESSIONAL_ROLES:
                self.fields["organisation_name"].widget = forms.HiddenInput()
                self.fields["role"].help_text = _(
                    "A professional's organisation is the one that declared them as a care professional."
                )


class RegieForm(forms.Form):
    regie = forms.ChoiceField(label=_("Who decides?"), choices=Regie.choices, widget=forms.RadioSelect)
    counsellor = forms.TypedChoiceField(
        label=_("The counsellor who decides together with the young person"),
        required=False,
        coerce=int,
        empty_value=None,
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].choices = [
            ("", "—"),
            *[(p.pk, person_label(p)) for p in space.active_participants if p.is_professional],
        ]


class AccessLogFilterForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE_WIDGET)
    person = forms.TypedChoiceField(label=_("Person"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [("", _("Everyone")), *[(p.pk, person_label(p)) for p in space.participants]]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date comes before the start date."))
        return cleaned
