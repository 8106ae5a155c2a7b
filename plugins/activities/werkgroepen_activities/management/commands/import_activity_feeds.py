"""The scheduled import (cron, nightly): the UiT feed of every organisation that switched the plugin on and set a
feed address on its Plugins tab."""

from django.core.management.base import BaseCommand

from themes.models import OrganisationPage
from werkgroepen_activities.activities.models import enabled_organisation_ids
from werkgroepen_activities.feed.services import feeds_import_all


class Command(BaseCommand):
    help = "Import the UiTdatabank feed of every organisation that set a feed address."

    def handle(self, *args, **options):
        organisations = OrganisationPage.objects.filter(pk__in=enabled_organisation_ids())
        for result in feeds_import_all(organisations=organisations):
            if result.run is None:
                self.stderr.write(f"{result.organisation.title}: {result.error}")
                continue
            run = result.run
            self.stdout.write(
                f"{result.organisation.title}: {run.created} new, {run.updated} updated, {run.unchanged} unchanged, "
                f"{run.skipped} skipped, {run.refused} refused"
            )
