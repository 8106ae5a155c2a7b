"""The form of the generic "Who may see this?" page (for whoever holds regie)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from trajectories.forms import AudienceMixin


class AudienceForm(AudienceMixin, forms.Form):
    """Change who may see one item (for whoever holds regie)."""

    def __init__(self, *args, space, author_id, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_audience_fields(space, author_id=author_id)
        self.fields["audience"].help_text = _("The person who wrote it always sees it.")

    def clean(self):
        return self.clean_audience_choice(super().clean())
