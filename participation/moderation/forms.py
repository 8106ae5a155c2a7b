"""Forms of the moderation room. They parse and keep what was typed; the rules live in the policies and services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from participation.moderation.models import ReportReason


class DecisionForm(forms.Form):
    """The reason of a moderator's decision (required when refusing, hiding, removing or blocking)."""

    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when you refuse: the person reads it."),
    )


class ReportForm(forms.Form):
    """Report (melden) a post or reaction: why, and an explanation (required for "something else")."""

    reason = forms.ChoiceField(
        label=_("Why do you report this?"), choices=ReportReason.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("Explanation"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when you choose “Something else”. Moderators read it; the author does not."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages["required"] = _("Choose why you report this.")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ReportReason.OTHER and not (cleaned.get("text") or "").strip():
            self.add_error("text", _("Explain what is wrong."))
        return cleaned
