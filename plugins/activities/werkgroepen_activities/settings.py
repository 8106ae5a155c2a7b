"""The plugin's settings per organisation (the Plugins tab, ``register_organisation_settings``) and how to read them.

What an organisation saves is stored by the core as JSON on its plugin row; :func:`settings_for` reads it over the
form's initial values. Publication rules, offered types, the territory's postcodes, the UiT feed address and the
inactivity period of recurring activities all live here.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLUGIN = "werkgroepen_activities"  # the app label an organisation switches on; never change it

# The kinds of activity of seed 002 (ikdoemee.be), code → label. Codes are stored; labels are translated.
TYPES = {
    "vrijwilligerswerk": _("Volunteering"),
    "ontmoeting": _("Meeting"),
    "workshop": _("Workshop"),
    "buddywerking": _("Buddy scheme"),
    "uitstap": _("Outing"),
    "cursus": _("Course"),
    "sport": _("Sport"),
    "cultuur": _("Culture"),
}

# The publication rules of seed 002, code → what is missing when the rule is broken (also the step's label).
RULES = {
    "title": _("Give the activity a title"),
    "type": _("Choose at least one type"),
    "future_date": _("Add a date in the future"),
    "place": _("Fill in the place (address, postcode and municipality) or mark it online"),
    "description": _("Write a description"),
    "organiser": _("Choose the organiser"),
}
DEFAULT_MIN_DESCRIPTION = 80
POSTCODE = re.compile(r"^[1-9][0-9]{3}$")


def parse_postcodes(text):
    """The Belgian postcodes in `text` (separated by commas, spaces or new lines), sorted and without repeats."""
    return sorted({part for part in re.split(r"[\s,;]+", text or "") if part})


class ActivitiesSettingsForm(forms.Form):
    """What an organisation's admins set for the activities plugin (Plugins tab)."""

    types = forms.MultipleChoiceField(
        label=_("Types offered"),
        choices=list(TYPES.items()),
        initial=["vrijwilligerswerk", "ontmoeting", "workshop", "buddywerking", "uitstap"],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rules = forms.MultipleChoiceField(
        label=_("Publication rules"),
        choices=list(RULES.items()),
        initial=list(RULES),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("An activity that breaks a ticked rule cannot be published."),
    )
    min_description = forms.IntegerField(
        label=_("Minimum length of the description (characters)"),
        min_value=0,
        max_value=5000,
        initial=DEFAULT_MIN_DESCRIPTION,
    )
    postcodes = forms.CharField(
        label=_("Territory (postcodes)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For a municipality: the postcodes of its territory, separated by commas. Its moderators see the "
            "activities and organisations there; imported events elsewhere are skipped."
        ),
    )
    feed_url = forms.URLField(
        label=_("UiTdatabank feed address"),
        required=False,
        assume_scheme="https",
        help_text=_("A JSON-LD events feed, imported every night when filled in."),
    )
    inactive_days = forms.IntegerField(
        label=_("Inactivity period of recurring activities (days)"), min_value=7, max_value=365, initial=60
    )

    def clean_postcodes(self):
        codes = parse_postcodes(self.cleaned_data["postcodes"])
        wrong = [code for code in codes if not POSTCODE.match(code)]
        if wrong:
            raise ValidationError(_("Not a Belgian postcode: %(codes)s") % {"codes": ", ".join(wrong)})
        return ", ".join(codes)


def settings_for(organisation):
    """The organisation's settings (saved values over the form's initial values) as a dict."""
    return organisation.plugin_settings(PLUGIN)
