"""Forms of the spaces and their people: starting a space, inviting someone, changing a participant, regie.
They parse and keep what was typed; the rules live in :mod:`trajectories.spaces.services` and
:mod:`trajectories.spaces.policies`."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from trajectories.access import PROFESSIONAL_ROLES, ParticipantStatus, Regie, Role
from trajectories.forms import DayField, person_label
from trajectories.spaces import policies
from trajectories.spaces.look import LOOKS, TEXT_SIZES

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

    template = forms.TypedChoiceField(
        label=_("Start from a template"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": _("Choose one of the templates in the list.")},
        help_text=_(
            "A template gives the space its phases, with a checklist, goals for the plan and documents. You can also "
            "start an empty space."
        ),
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=200,
        required=False,
        help_text=_("For a template: who the trajectory is for. The template's documents fill it in."),
    )

    def __init__(self, *args, organisations=(), templates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.templates = {template.pk: template for template in templates}
        if self.templates:
            self.fields["template"].choices = [
                ("", _("No template: an empty space")),
                *[
                    (
                        template.pk,
                        f"{template.name} ({template.organisation.title})" if template.organisation else template.name,
                    )
                    for template in templates
                ],
            ]
        else:
            del self.fields["template"]
            del self.fields["target_group"]
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

    def clean_template(self):
        value = self.cleaned_data.get("template")
        if value is None:
            return None
        if value not in self.templates:
            raise ValidationError(_("Choose one of the templates in the list."))
        return self.templates[value]


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
    """The role choices offered for a participant with `role`: those
    :func:`trajectories.spaces.policies.assignable_roles` allows (the service refuses the rest, also when forged)."""
    allowed = policies.assignable_roles(role)
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


class InvitationAccountForm(forms.Form):
    """The short sign-up behind an invitation link (issue 15 §2): a name and a password, in plain words. The
    address is the invitation's; the password rules are the site's (checked by the service)."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=40,
        help_text=_("The others see this name. Your first name is fine."),
        error_messages={"required": _("Write your name.")},
    )
    password = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. A short sentence is easy to remember, for example: my cat sleeps a lot."),
        error_messages={"required": _("Choose a password.")},
    )
    password_again = forms.CharField(
        label=_("Type the password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Type the password again.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords are not the same. Try again."))
        return data


class LookForm(forms.Form):
    """How my spaces look (issue 15 §10): colours, text size, pictograms. Every colour choice passes 4.5:1."""

    colour = forms.ChoiceField(
        label=_("Colours"), choices=[(key, look.label) for key, look in LOOKS.items()], widget=forms.RadioSelect
    )
    text_size = forms.ChoiceField(
        label=_("Text size"),
        choices=[(key, label) for key, (label, _percent) in TEXT_SIZES.items()],
        widget=forms.RadioSelect,
    )
    pictograms = forms.BooleanField(label=_("Show pictograms beside the parts of a space"), required=False)


def _reader_choices(space):
    """Everyone but the young person who takes part or took part until the space was closed."""
    return [
        (p.pk, person_label(p))
        for p in space.participants
        if p.role != Role.CLIENT and p.status == ParticipantStatus.ACTIVE and not p.contact_ban
    ]


class KeepReadersForm(forms.Form):
    """The young person chooses who keeps reading her closed space (issue 13 §4)."""

    keep = forms.TypedMultipleChoiceField(
        label=_("Who keeps reading the space?"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Family and other people you tick keep reading for as long as you want. Professionals you tick keep "
            "reading for a limited time that their organisation sets. Nobody else can read the space any more."
        ),
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = _reader_choices(space)


class CloseForm(KeepReadersForm):
    """Closing a space: why, and — when the young person closes it herself — who keeps reading it."""

    reason = forms.CharField(
        label=_("Why is the space closed?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who can still read the space sees this."),
        error_messages={"required": _("Say why the space is closed.")},
    )

    field_order = ["reason", "keep"]

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, space=space, **kwargs)
        if not policies.can_keep_readers_when_closing(space):
            del self.fields["keep"]


class ReopenForm(forms.Form):
    consent = forms.BooleanField(
        label=_("I agree that the space opens again"),
        error_messages={"required": _("Tick that you agree to open the space again.")},
    )


class BirthDateForm(forms.Form):
    birth_date = DayField(
        label=_("Birth date of the young person"),
        help_text=_(
            "Day/month/year. At 18 the young person chooses what happens with this space; a month before, she gets a "
            "reminder."
        ),
        error_messages={
            "required": _("Fill in the birth date, for example 14/03/2009."),
            "invalid": _("Write the date as day/month/year, for example 14/03/2009."),
        },
    )
