"""Forms of Berichten: start a conversation (subject, first message, who is in it) and write a message."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.access import Audience
from trajectories.forms import AudienceMixin, audience_fields
from trajectories.messaging.models import MESSAGE_LIMIT


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=MESSAGE_LIMIT,
        error_messages={"required": _("Write a message.")},
    )


class ThreadForm(AudienceMixin, forms.Form):
    subject = forms.CharField(
        label=_("What is it about?"),
        max_length=120,
        error_messages={"required": _("Write what the conversation is about.")},
    )
    text = MessageForm.base_fields["text"]

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(audience_fields(space, author_id=space.me.pk))
        self.fields["audience"].label = _("Who is in this conversation?")
        self.fields["audience"].initial = Audience.CHOSEN
        self.fields["audience"].help_text = _("Only they can read it. You are always in it.")
        self.fields["chosen"].label = _("The people I choose")

    def clean(self):
        return self.clean_audience_choice(super().clean())
