"""Mail a reminder before each appointment to every participant who may see it (run it every 15 minutes or so).

Safe to run more than once: each reminder is one outbox row per appointment, person and start time.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from trajectories.agenda.services import REMINDER_HOURS, send_reminders


class Command(BaseCommand):
    help = "Send reminders for appointments in collaboration spaces that start within the next hours."

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=int,
            default=getattr(settings, "APPOINTMENT_REMINDER_HOURS", REMINDER_HOURS),
            help="Remind of appointments that start within this many hours (default 24).",
        )

    def handle(self, *args, hours, **options):
        queued = send_reminders(hours=hours)
        self.stdout.write(f"{queued} reminder(s) queued.")
