"""Retention (issue 13 §9): delete what the collaboration spaces kept longer than the organisation's periods allow,
and report how many per kind. Run it once a day; safe to run more than once (a second run deletes nothing).
"""

from django.core.management.base import BaseCommand

from trajectories.retention.services import apply_retention


class Command(BaseCommand):
    help = "Delete what collaboration spaces kept longer than their retention periods, and report counts per kind."

    def handle(self, *args, **options):
        report = apply_retention()
        for kind, count in report.kinds.items():
            self.stdout.write(f"{kind}: {count.deleted} deleted, {count.restricted} restricted")
