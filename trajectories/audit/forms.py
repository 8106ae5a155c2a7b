"""The filters of the access log page (period, person)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.forms import DATE_WIDGET, DayField, person_label


class AccessLogFilterForm(forms.Form):
    start = DayField(label=_("From"), required=False, widget=DATE_WIDGET)
    end = DayField(label=_("Until"), required=False, widget=DATE_WIDGET)
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
