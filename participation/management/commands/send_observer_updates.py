"""``manage.py send_observer_updates``: the periodic update of every organisation's observers (cron, daily is fine;
safe to run twice: each organisation and period is sent once)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from participation.observer_updates.services import send_updates


class Command(BaseCommand):
    help = "Send observers the update of their organisation's last complete period. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Act as if today were this date (YYYY-MM-DD), e.g. to catch up.")

    def handle(self, *args, date=None, **options):
        now = None
        if date:
            try:
                now = timezone.make_aware(datetime.strptime(date, "%Y-%m-%d").replace(hour=12))
            except ValueError as error:
                raise CommandError("--date takes YYYY-MM-DD") from error
        count = send_updates(now=now)
        self.stdout.write(f"{count} observer(s) told")
