"""The notification settings: a frequency per type, and an extra address for moderation notifications."""

from django import forms
from django.utils.translation import gettext_lazy

from core.notifications.models import Frequency
from core.notifications.selectors import chosen_frequencies, notification_types

# The groups of the notification settings, in the order people use them most (issue 14 §8).
TOPICS = {
    "my_posts": gettext_lazy("My posts"),
    "my_groups": gettext_lazy("My working groups"),
    "moderation": gettext_lazy("Moderation"),
    "spaces": gettext_lazy("Collaboration spaces"),
    "account": gettext_lazy("My account"),
}
AUDIENCE_TOPICS = {"moderators": "moderation", "editors": "moderation", "participants": "spaces"}


def topic_of(kind):
    """The settings group of a notification type: its own ``topic``, else the one its audience suggests."""
    topic = kind.topic or AUDIENCE_TOPICS.get(kind.audience, "account")
    return topic if topic in TOPICS else "account"


class SettingsForm(forms.Form):
    """One choice per notification type the person is offered, grouped by what it is about (:attr:`groups`)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        topics = list(TOPICS)
        offered = [kind for kind in notification_types().values() if kind.offered_to is None or kind.offered_to(user)]
        self.types = sorted(offered, key=lambda kind: (topics.index(topic_of(kind)), kind.order, str(kind.label)))
        chosen = chosen_frequencies(user)
        for kind in self.types:
            self.fields[kind.code] = forms.ChoiceField(
                label=kind.label,
                choices=Frequency.choices,
                initial=chosen.get(kind.code, kind.default_frequency),
                widget=forms.RadioSelect,
            )

    @property
    def groups(self):
        """``[(label, [bound field, …]), …]`` in the order of :data:`TOPICS`, empty groups left out."""
        grouped = {}
        for kind in self.types:
            grouped.setdefault(topic_of(kind), []).append(self[kind.code])
        return [(TOPICS[topic], grouped[topic]) for topic in TOPICS if topic in grouped]


class AddressForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("Extra e-mail address"),
        help_text=gettext_lazy("It receives your moderation notifications too, once you confirm it."),
    )
