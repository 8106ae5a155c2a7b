"""The push mail form: what the sender types and whom it goes to. The rules live in the policy and the service."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.models import User
from participation.pushmail.models import PushMailSelection
from participation.pushmail.selectors import members
from participation.pushmail.services import BODY_MAX, SUBJECT_MAX
from themes.models import MemberOrganisation

PICK_LIMIT = 500


class PushMailForm(forms.Form):
    token = forms.UUIDField(widget=forms.HiddenInput)
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=SUBJECT_MAX)
    body = forms.CharField(
        label=gettext_lazy("Message"),
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy(
            "Plain text. You may use **bold**, *italic*, lists and links. At most 20,000 characters."
        ),
    )
    selection = forms.ChoiceField(
        label=gettext_lazy("Send to"),
        choices=PushMailSelection.choices,
        initial=PushMailSelection.ALL,
        widget=forms.RadioSelect,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Organisations"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    people = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Members"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, theme, sender, **kwargs):
        super().__init__(*args, **kwargs)
        approved = members(theme).exclude(user_id=sender.pk)
        self.fields["organisations"].queryset = MemberOrganisation.objects.filter(
            pk__in=approved.exclude(on_behalf_of=None).values("on_behalf_of")
        ).order_by("name")
        # Picking by hand is for small groups: a list of thousands of check boxes helps nobody.
        self.may_pick = approved.count() <= PICK_LIMIT
        people = User.objects.filter(pk__in=approved.values("user_id"))
        self.fields["people"].queryset = people.order_by("display_name") if self.may_pick else people.none()
        self.fields["people"].label_from_instance = lambda user: user.display_name

    def clean(self):
        data = super().clean()
        selection = data.get("selection")
        if selection == PushMailSelection.ORGANISATIONS and not data.get("organisations"):
            self.add_error("organisations", _("Choose at least one organisation."))
        if selection == PushMailSelection.MEMBERS and not self.may_pick:
            self.add_error("selection", _("This working group is too large to pick members by hand."))
        elif selection == PushMailSelection.MEMBERS and not data.get("people"):
            self.add_error("people", _("Pick at least one member."))
        return data

    def service_arguments(self):
        data = self.cleaned_data
        return {
            "key": str(data["token"]),
            "subject": data["subject"],
            "body": data["body"],
            "selection": data["selection"],
            "organisations": list(data.get("organisations") or []),
            "people": list(data.get("people") or []),
        }
