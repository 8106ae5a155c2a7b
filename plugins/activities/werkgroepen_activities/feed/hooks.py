"""The UiTdatabank importer on the administration's Import screen (``register_importer``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_IMPORTER, Importer
from werkgroepen_activities.feed.services import FeedError, feed_import
from werkgroepen_activities.settings import settings_for

SOURCES = [
    ("url", _("The feed address set on the Plugins tab")),
    ("sample", _("The sample of 50 events that comes with the plugin")),
]


class UitImportForm(forms.Form):
    """Which feed to import. Plain fields only: the core stores them with the run and rebuilds the form."""

    source = forms.ChoiceField(label=_("Feed"), choices=SOURCES, initial="url")


def run_uit_import(form, organisation, user):
    """Import the chosen feed for `organisation`; returns the number of new and updated activities."""
    if form.cleaned_data["source"] == "sample":
        source = "sample"
    else:
        source = settings_for(organisation).get("feed_url") or ""
        if not source:
            raise ValidationError(_("Set the feed address on the organisation's Plugins tab first."))
    try:
        run = feed_import(organisation=organisation, source=source, by=user)
    except FeedError as error:
        raise ValidationError(str(error)) from error
    return run.created + run.updated


@hooks.register(REGISTER_IMPORTER)
def uit_importer(organisation, request):
    return Importer(
        name=_("UiTinVlaanderen events"),
        slug="uitdatabank",
        form_class=UitImportForm,
        run=run_uit_import,
        description=_(
            "Imports events as draft activities (new, updated, skipped outside the territory, refused with the "
            "reason). The summary appears on “Activiteiten op mijn grondgebied”."
        ),
    )
