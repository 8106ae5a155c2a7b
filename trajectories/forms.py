"""The form pieces every room's forms build on: the base of every item form (:class:`ItemForm`), the audience
picker, and how a participant is named in a choice. Forms parse and keep what was typed; the rules live in the
rooms' services and policies and in the models' ``validate_in_space``.

Choices of people come from the :class:`trajectories.access.Space` already read for the request, so building
a form costs no query of its own.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.access import Audience

TEXT_LIMIT = 5000
# A day is typed as day/month/year in both languages (issue 15 §4): a browser's date input shows the phone's own
# order ("mm/dd/yyyy" on an English phone) whatever the page's language, and English Django would read 04/12 as
# 12 April. The ISO form stays accepted (links, old bookmarks, tests).
DAY_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%y", "%d-%m-%y", "%Y-%m-%d"]
DATE_WIDGET = forms.DateInput(
    attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": _("dd/mm/yyyy"), "size": 10},
    format="%d/%m/%Y",
)


class DayField(forms.DateField):
    """A date typed as dd/mm/yyyy (or yyyy-mm-dd), whatever the language; shown the same way."""

    input_formats = DAY_INPUT_FORMATS
    widget = DATE_WIDGET

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DAY_INPUT_FORMATS)
        kwargs.setdefault("widget", DATE_WIDGET)
        kwargs.setdefault("error_messages", {"invalid": _("Write the date as day/month/year, for example 24/12/2026.")})
        super().__init__(**kwargs)


def person_label(participant):
    parts = [participant.label]
    if participant.relation:
        parts.append(participant.relation)
    elif participant.role:
        parts.append(str(participant.get_role_display()).lower())
    return " · ".join(parts)


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
