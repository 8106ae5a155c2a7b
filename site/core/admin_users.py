"""Wagtail's user screens, taught about the public display name (required and unique)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from core.models import User


class DisplayNameMixin(forms.Form):
    display_name = forms.CharField(
        label=_("Display name"), max_length=40, help_text=_("The name other members see. The full name stays private.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The full name is private and optional; people may register with a display name only.
        for name in ("first_name", "last_name"):
            self.fields[name].required = False

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        taken = User.objects.filter(display_name__iexact=name)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("This display name is already taken. Choose another one."))
        return name


class WerkgroepenUserCreationForm(DisplayNameMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | {"display_name"}

    def save(self, commit=True):
        user = super().save(commit=False)
        if not self.cleaned_data.get("password1"):
            # Accounts made here get no password: the person sets one through "wachtwoord vergeten".
            user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user


class WerkgroepenUserEditForm(DisplayNameMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | {"display_name"}


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return WerkgroepenUserEditForm if for_update else WerkgroepenUserCreationForm
