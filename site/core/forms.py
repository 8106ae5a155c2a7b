"""Account forms: registration asks for a public display name and the themes the person comes for."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.models import User


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        parent = obj.get_parent()
        return f"{obj.title} — {parent.title}" if parent else obj.title


def registerable_themes():
    """Live, visible themes that a newcomer may pick at registration."""
    from django.contrib.auth.models import AnonymousUser

    from core.permissions import visible_pages
    from themes.models import ThemePage

    return visible_pages(AnonymousUser(), ThemePage.objects.all()).order_by("title")


class SignupForm(forms.Form):
    """Extra fields of allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=40,
        help_text=_("Other members only ever see this name. Your full name stays private."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    full_name = forms.CharField(
        label=_("Full name (private)"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    themes = ThemeChoiceField(
        label=_("Themes you register for"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("First indicate which themes you are registering for. You can join more later."),
    )

    field_order = ["email", "display_name", "full_name", "password1", "password2", "themes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = registerable_themes()

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Choose a display name of at least 2 characters."))
        if "@" in name:
            raise forms.ValidationError(_("A display name cannot contain an e-mail address."))
        if User.objects.filter(display_name__iexact=name).exists():
            raise forms.ValidationError(_("This display name is already taken. Choose another one."))
        return name

    def signup(self, request, user):
        """Called by allauth after the user is saved; carries the choices through to the profile."""
        user.display_name = self.cleaned_data["display_name"]
        first, _sep, last = self.cleaned_data.get("full_name", "").strip().partition(" ")
        user.first_name, user.last_name = first, last
        user.save(update_fields=["display_name", "first_name", "last_name"])
        user.interested_themes.set(self.cleaned_data.get("themes") or [])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name", "interested_themes"]
        widgets = {"interested_themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interested_themes"].queryset = registerable_themes()
        self.fields["first_name"].label = _("First name (private)")
        self.fields["last_name"].label = _("Last name (private)")

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Choose a display name of at least 2 characters."))
        if User.objects.filter(display_name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This display name is already taken. Choose another one."))
        return name
