"""Forms of Netwerk: an outside contact (a generic item form), a person on one's social map, and with whom the
social map is shared."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.access import Audience
from trajectories.forms import ItemForm, ParticipantMultipleChoiceField
from trajectories.network.models import Circle, Closeness

ONLY_ME = "only_me"


class ContactForm(ItemForm):
    name = forms.CharField(label=_("Name"), max_length=120, error_messages={"required": _("Write a name.")})
    relation = forms.CharField(
        label=_("Who is this?"), max_length=80, required=False, help_text=_("For example: grandma, GP.")
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=120, required=False)
    phone = forms.CharField(
        label=_("Phone number"), max_length=40, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    email = forms.EmailField(label=_("E-mail address"), required=False)
    note = forms.CharField(label=_("Note"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    is_emergency = forms.BooleanField(
        label=_("Emergency contact"), required=False, help_text=_("Someone to call when things go wrong.")
    )


class SocialMapPersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80, error_messages={"required": _("Write a name.")})
    circle = forms.ChoiceField(label=_("Circle"), choices=Circle.choices)
    closeness = forms.TypedChoiceField(
        label=_("How close is this person to you?"), choices=Closeness.choices, coerce=int, initial=Closeness.MIDDLE
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    field_order = ["name", "circle", "closeness", "note"]


class ShareForm(forms.Form):
    """With whom the owner shares their social map: only me (default), chosen people, the professionals, everyone."""

    audience = forms.ChoiceField(
        label=_("Who may see your social map?"),
        choices=[
            (ONLY_ME, _("Only me")),
            (Audience.CHOSEN, _("Only the people I choose")),
            (Audience.PROFESSIONALS, _("Only the professionals")),
            (Audience.EVERYONE, _("Everyone in this space")),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        others = [p for p in space.active_participants if p.pk != space.me.pk]
        self.fields["chosen"] = ParticipantMultipleChoiceField(
            participants=others,
            label=_("The people I choose"),
            required=False,
            help_text=_("Only when you picked 'Only the people I choose'."),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == Audience.CHOSEN and not cleaned.get("chosen"):
            self.add_error("chosen", _("Choose at least one person who may see this."))
        if cleaned.get("audience") != Audience.CHOSEN:
            cleaned["chosen"] = []
        return cleaned


class WorkContactForm(forms.Form):
    """A professional's work phone and e-mail in this space, and whether the others see them (issue 15 §9)."""

    phone = forms.CharField(label=_("Work phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Work e-mail address"), required=False)
    share = forms.BooleanField(label=_("Show these in who is who to the people in this space"), required=False)
