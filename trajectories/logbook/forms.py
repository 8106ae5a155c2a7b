"""The form of a log entry (a generic item form)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.forms import TEXT_LIMIT, ItemForm
from trajectories.logbook.models import Mood


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
