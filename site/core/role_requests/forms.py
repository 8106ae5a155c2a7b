"""The form a person fills in to ask for moderator rights for an organisation (seed 002)."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

PHONE_RE = re.compile(r"^\+?[0-9]{8,15}$")


class RoleRequestForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None, empty_label=_("Choose…"))
    work_phone = forms.CharField(
        label=_("Work phone number"),
        max_length=20,
        help_text=_("For example +3212345678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    work_email = forms.EmailField(
        label=_("Work e-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    reason = forms.CharField(
        label=_("Why do you need these rights?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: I need access to moderate the working groups of my municipality."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_work_phone(self):
        value = re.sub(r"[\s./()-]", "", self.cleaned_data["work_phone"])
        if not PHONE_RE.match(value):
            raise forms.ValidationError(_("Enter a phone number with digits only, for example +3212345678."))
        return value

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if len(value) < 10:
            raise forms.ValidationError(_("Tell in a sentence why you need these rights."))
        return value
