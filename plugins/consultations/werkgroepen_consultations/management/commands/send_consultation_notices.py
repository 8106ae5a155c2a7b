"""Send what is due about consultations (opened, closing within 24 hours, results published, the follow-up).

Run from cron, e.g. every hour. Each event has its own key, so running it again tells nobody twice.
"""

from django.core.management.base import BaseCommand

from werkgroepen_consultations.consultation.services import notices_send_all


class Command(BaseCommand):
    help = "Send the notifications about consultations that are due (safe to run again)."

    def handle(self, *args, **options):
        count = notices_send_all()
        self.stdout.write(f"Notices due: {count} (each person is told once per event).")
