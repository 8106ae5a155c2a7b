"""Account forms: registration asks for a public display name, the themes the person comes for and the questions the
apps add (``register_signup_fields``, e.g. the organisation the person represents)."""

from django import forms
from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from config.hooks import REGISTER_SIGNUP_FIELDS, call
from core.accounts.models import User
from core.accounts.selectors import registration_choices
from core.accounts.services import profile_update

DISPLAY_NAME_MIN_LENGTH = 2


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    """Themes as checkboxes labelled "Theme — Organisation", with the organisations fetched in one query."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._parent_titles = None

    def label_from_instance(self, obj):
        if self._parent_titles is None:
            parent_paths = {page.path[: -Page.steplen] for page in self.queryset}
            self._parent_titles = dict(Page.objects.filter(path__in=parent_paths).values_list("path", "title"))
        parent_title = self._parent_titles.get(obj.path[: -obj.steplen])
        return f"{obj.title} — {parent_title}" if parent_title else obj.title


def registerable_themes():
    """Live, visible themes that a newcomer may pick at registration (the pages whose model says so:
    :func:`core.accounts.selectors.registration_choices`)."""
    return registration_choices(AnonymousUser()).order_by("title")


def clean_display_name_value(value, *, exclude_user=None):
    """Normalise a display name and check it is usable and free (case-insensitive), or raise ValidationError.

    The display name is the only thing other members ever see of a person, so it must identify one account.
    """
    name = " ".join((value or "").split())
    if len(name) < DISPLAY_NAME_MIN_LENGTH:
        raise forms.ValidationError(_("Choose a display name of at least 2 characters."), code="too_short")
    if "@" in name:
        raise forms.ValidationError(_("A display name cannot contain an e-mail address."), code="email")
    taken = User.objects.filter(display_name__iexact=name)
    if exclude_user is not None and exclude_user.pk:
        taken = taken.exclude(pk=exclude_user.pk)
    if taken.exists():
        raise forms.ValidationError(_("This display name is already taken. Choose another one."), code="taken")
    return name


class SignupForm(forms.Form):
    """Extra fields of allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth builds its own signup form on top of this class, adding e-mail and the two password fields; the
    ``field_order`` below places them among ours.
    """

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
        help_text=_("Optional. Only you and the site administrators see it."),
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
        if "email" in self.fields:  # allauth adds the field (and its label) around this class
            self.fields["email"].help_text = _("You log in with this address. Other members never see it.")
        # The apps' questions come last, in their order (a name the form already has is not overwritten).
        self.app_questions = [
            question
            for question in sorted(call(REGISTER_SIGNUP_FIELDS), key=lambda question: question.order)
            if question.name not in self.fields
        ]
        for question in self.app_questions:
            self.fields[question.name] = question.field()

    def clean_display_name(self):
        return clean_display_name_value(self.cleaned_data["display_name"])

    def signup(self, request, user):
        """Called by allauth after the user is saved; carries the choices through to the profile."""
        first, _sep, last = self.cleaned_data.get("full_name", "").strip().partition(" ")
        profile_update(
            user=user,
            display_name=self.cleaned_data["display_name"],
            first_name=first,
            last_name=last.strip(),
            interested_themes=self.cleaned_data.get("themes") or [],
        )
        for question in self.app_questions:
            question.record(user, self.cleaned_data.get(question.name))


class ProfileForm(forms.ModelForm):
    """A person's own profile: the public display name and the private full name.

    The themes ticked at registration are not here: ticking them afterwards changed nothing (issue 14 §1). The
    person's working groups, with each membership's state, are a section of the profile page that acts on them."""

    class Meta:
        model = User
        fields = ["display_name", "first_name", "last_name"]
        widgets = {
            "display_name": forms.TextInput(attrs={"autocomplete": "nickname"}),
            "first_name": forms.TextInput(attrs={"autocomplete": "given-name"}),
            "last_name": forms.TextInput(attrs={"autocomplete": "family-name"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["display_name"].help_text = _("Other members only ever see this name.")
        self.fields["first_name"].label = _("First name (private)")
        self.fields["last_name"].label = _("Last name (private)")

    def clean_display_name(self):
        return clean_display_name_value(self.cleaned_data["display_name"], exclude_user=self.instance)
