"""The forms of the fiches room: editing a fiche (with the representatives picker for admins), asking to represent
an organisation, and the admins' decision."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.content.services import PHOTO, check_upload
from themes.fiches.selectors import askable_fiches
from themes.models import MemberOrganisation


class RepresentativeChoiceField(forms.ModelMultipleChoiceField):
    """People by display name only (never their address)."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.display_name


class FicheForm(forms.ModelForm):
    """What a fiche says; `eligible` (a queryset of users) adds the representatives picker, for admins."""

    search = forms.CharField(
        label=_("Search members by name"),
        required=False,
        max_length=40,
        help_text=_("Only members of this organisation's working groups can represent it."),
    )

    logo_upload = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("A picture of the organisation's logo (jpg, png or webp). It replaces the current logo."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = MemberOrganisation
        fields = ["name", "activities", "contact_email", "contact_phone", "website"]
        widgets = {
            "activities": forms.Textarea(attrs={"rows": 6}),
            "contact_email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "contact_phone": forms.TextInput(attrs={"autocomplete": "tel"}),
            "website": forms.URLInput(attrs={"autocomplete": "url"}),
        }
        help_texts = {
            "activities": _("What the organisation does and how it looks at the themes it takes part in."),
        }

    def __init__(self, *args, eligible=None, offered=(), **kwargs):
        super().__init__(*args, **kwargs)
        if eligible is None:
            del self.fields["search"]
            return
        field = RepresentativeChoiceField(
            label=_("Representatives"),
            queryset=eligible,
            required=False,
            initial=list(self.instance.representatives.values_list("pk", flat=True)),
            error_messages={
                "invalid_choice": _(
                    "This person cannot represent this organisation: only members of its working groups can."
                )
            },
        )
        # Validated against every eligible person; listed: the current ones, those ticked and what the search found.
        field.widget.choices = [(person.pk, person.display_name) for person in offered]
        self.fields["representatives"] = field

    def clean_logo_upload(self):
        """The picture checked by its content and size like every upload (SEC-07); a :class:`CheckedFile`."""
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            checked = check_upload(upload, alt_text=self.instance.name or upload.name)
        except ValidationError as error:
            raise forms.ValidationError(error.messages) from error
        if checked.kind != PHOTO:
            raise forms.ValidationError(_("Choose a picture for the logo: jpg, png or webp."))
        return checked

    def clean_representatives(self):
        return list(self.cleaned_data.get("representatives") or [])


class AskToRepresentForm(forms.Form):
    """A member asks to represent one organisation (from the profile)."""

    fiche = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=MemberOrganisation.objects.none(),
        empty_label=_("Choose an organisation"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["fiche"].queryset = askable_fiches(user).exclude(representatives=user)


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the person reads it)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )


def signup_field():
    """The registration form's question (seed 000): the organisation in the list the newcomer belongs to."""
    return forms.ModelChoiceField(
        label=_("Organisation you represent"),
        queryset=askable_fiches(),
        required=False,
        empty_label=_("None: I take part for myself"),
        help_text=_(
            "Do you belong to an organisation in the list? Choose it if you also want to post on its behalf. Its "
            "administrators confirm your request."
        ),
    )
