"""Delete the files of "Mijn gegevens" exports that were not downloaded within 24 hours (safe to run twice)."""

from django.core.management.base import BaseCommand

from core.privacy.services import purge_expired_exports


class Command(BaseCommand):
    help = "Delete expired personal-data exports (run hourly or daily from cron)."

    def handle(self, *args, **options):
        count = purge_expired_exports()
        self.stdout.write(f"{count} expired export(s) removed")
