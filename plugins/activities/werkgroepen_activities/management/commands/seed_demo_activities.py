"""Demo activities for `make run` (the Makefile runs this command when the plugin is installed).

Switches the plugin on for the demo municipality (Gemeente Houtem) with its territory (the postcodes shipped in
data/territories.json), imports the shipped sample of 50 UiT events, publishes part of them and adds two activities
of the municipality itself. Idempotent: a second run finds the plugin switched on and changes nothing.
"""

import json
from datetime import timedelta
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from core.roles.models import Role, RoleAssignment
from themes.models import MemberOrganisation, OrganisationPage, OrganisationPlugin
from werkgroepen_activities.activities.models import Activity, Status
from werkgroepen_activities.activities.services import NotPublishable, Occurrence, activity_publish, activity_save
from werkgroepen_activities.feed.services import feed_import
from werkgroepen_activities.settings import PLUGIN, RULES

TERRITORIES = Path(__file__).resolve().parents[2] / "data" / "territories.json"
OWN = [
    {
        "title": "Praatcafé Nederlands in het gemeentehuis",
        "types": ["ontmoeting"],
        "days": 5,
        "description": (
            "Elke week praten we Nederlands bij een kop koffie. Je hoeft geen perfect Nederlands te spreken: "
            "vrijwilligers helpen je op weg en we leren elkaar kennen."
        ),
        "language_hint": True,
    },
    {
        "title": "Vrijwilligers gezocht voor het buurtrestaurant",
        "types": ["vrijwilligerswerk"],
        "days": 12,
        "description": (
            "Help mee koken en bedienen in het buurtrestaurant van Houtem. Zo oefen je Nederlands met de gasten "
            "en leer je nieuwe mensen uit de buurt kennen."
        ),
        "language_hint": False,
    },
]


class Command(BaseCommand):
    help = "Switch the activities plugin on for the demo municipality and give it demo activities."

    def handle(self, *args, **options):
        territories = json.loads(TERRITORIES.read_text(encoding="utf-8"))
        for slug, territory in territories.items():
            organisation = OrganisationPage.objects.filter(slug=slug).first()
            if organisation is None:
                self.stdout.write(f"No organisation {slug!r}: run seed_demo first. Nothing created.")
                continue
            if organisation.plugins.filter(plugin=PLUGIN).exists():
                self.stdout.write(f"Activities are already on for {organisation.title}; nothing created.")
                continue
            with transaction.atomic():
                count = self._seed(organisation.specific, territory["postcodes"])
            self.stdout.write(self.style.SUCCESS(f"Demo activities ready for {organisation.title} ({count})."))

    def _seed(self, organisation, postcodes):
        # The switch is part of the page: publish a revision, as the Plugins tab does.
        organisation.plugins.add(
            OrganisationPlugin(
                plugin=PLUGIN,
                enabled=True,
                settings={
                    "types": ["vrijwilligerswerk", "ontmoeting", "workshop", "buddywerking", "uitstap"],
                    "rules": list(RULES),
                    "min_description": 80,
                    "postcodes": ", ".join(postcodes),
                    "feed_url": "",
                    "inactive_days": 60,
                },
            )
        )
        organisation.save_revision().publish()
        admin = (
            RoleAssignment.objects.filter(page=organisation, role=Role.ORGANISATION_ADMIN)
            .select_related("user")
            .first()
        )
        by = admin.user if admin else None
        feed_import(organisation=organisation, source="sample", by=by)
        organiser = MemberOrganisation.objects.filter(organisation=organisation).first()
        for spec in OWN:
            start = (timezone.now() + timedelta(days=spec["days"])).replace(hour=14, minute=0, second=0, microsecond=0)
            activity_save(
                organisation=organisation,
                by=None,
                by_name=organisation.title,
                values={
                    "title": spec["title"],
                    "street": "Marktplein 1",
                    "postcode": "8999",
                    "municipality": "Houtem",
                    "organiser": organiser,
                    "organiser_name": "" if organiser else organisation.title,
                    "language_hint": spec["language_hint"],
                    "price": "gratis",
                },
                description=spec["description"],
                occurrences=[Occurrence(start, start + timedelta(hours=2))],
                types=spec["types"],
                tags=["taal", "houtem"],
            )
        if by is not None:
            # Publish two of every three activities: the rest stay drafts to show the publication steps.
            for index, activity in enumerate(Activity.objects.filter(organisation=organisation).order_by("pk")):
                if index % 3 == 2:
                    continue
                try:
                    activity_publish(activity=activity, by=by)
                except NotPublishable:
                    continue
        return Activity.objects.filter(organisation=organisation).exclude(status=Status.EXPIRED).count()
