"""``manage.py send_digests --period daily|weekly``: mail everyone's daily or weekly digest (cron; safe to run twice)."""

from django.core.management.base import BaseCommand

from core.notifications.services import send_digests


class Command(BaseCommand):
    help = "Mail the daily or weekly digest of notifications to everyone who chose it. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--period", choices=["daily", "weekly"], required=True)

    def handle(self, *args, period, **options):
        count = send_digests(period=period)
        self.stdout.write(f"{count} {period} digest(s) queued")
