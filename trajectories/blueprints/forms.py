"""Forms of the trajectory's phases: choosing who signs a document. (The template choice of the start form lives in
``trajectories.spaces.forms``; the admin's template form in :mod:`trajectories.blueprints.admin`.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.forms import person_label


class SignersForm(forms.Form):
    signers = forms.TypedMultipleChoiceField(
        label=_("Who signs?"),
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one person who signs.")},
        help_text=_("Each person you tick signs for themselves with “I endorse this”."),
    )

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signers"].choices = [(p.pk, person_label(p)) for p in space.active_participants]
