from django import forms
from django.utils.translation import gettext_lazy as _


class TransferForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("To which organisation?"),
        queryset=None,
        empty_label="—",
        error_messages={"required": _("Choose another organisation.")},
    )
    effective_on = forms.DateField(
        label=_("From which day?"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Until this day the professionals of the current organisation can still read the space."),
        error_messages={"required": _("Choose today or a day in the future.")},
    )
    receiving_email = forms.EmailField(
        label=_("E-mail address of the professional who takes over"),
        help_text=_("They get an invitation. Their organisation must have declared them as a care professional."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
