"""Forms of the majority choice (issue 13 §6): the young person's choice at 18 and the parents she keeps. They parse
and keep what was typed; the rules are in :mod:`trajectories.majority.services`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.forms import person_label
from trajectories.majority.services import MajorityChoice


class KeepParentsForm(forms.Form):
    keep_parents = forms.TypedMultipleChoiceField(
        label=_("Which of your parents can still read your space?"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("You are 18 now. Tick the parents who can still read along. Nobody you do not tick can read it."),
    )

    def __init__(self, *args, parents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep_parents"].choices = [(p.pk, person_label(p)) for p in parents]
        if not parents:
            del self.fields["keep_parents"]


class MajorityChoiceForm(KeepParentsForm):
    choice = forms.ChoiceField(
        label=_("What happens with your space?"),
        choices=MajorityChoice.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Keep it: everything stays as it is, and you decide. Only to read: nobody can add or change anything; you "
            "and the parents you tick can still read it. Download and delete: you get everything as a file first, "
            "then you delete the space."
        ),
        error_messages={"required": _("Choose what happens with your space.")},
    )

    field_order = ["choice", "keep_parents"]
