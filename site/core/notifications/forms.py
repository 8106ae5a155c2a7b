"""The notification settings: a frequency per type, and an extra address for moderation notifications."""

from django import forms
from django.utils.translation import gettext_lazy

from core.notifications.models import Frequency
from core.notifications.selectors import chosen_frequencies, notification_types


class SettingsForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.types = sorted(notification_types().values(), key=lambda kind: str(kind.label))
        chosen = chosen_frequencies(user)
        for kind in self.types:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=chosen.get(kind.code, kind.default_frequency),
                widget=forms.RadioSelect,
            )


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Extra e-mail address"),
        help_text=gettext_lazy("It receives your moderation notifications too, once you confirm it."),
    )
