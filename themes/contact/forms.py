"""The contact form of a theme or subtheme page."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ContactForm(forms.Form):
    """The contact form of a theme (seed 000): the message goes to the theme's moderators."""

    name = forms.CharField(label=_("Your name"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(label=_("Your e-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    message = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.CONTACT_MESSAGE_MAX_LENGTH,
        error_messages={
            "required": _("Write a message."),
            "max_length": _("Your message is too long: at most %(limit_value)d characters, you wrote %(show_value)d."),
        },
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Write a message."))
        return message
