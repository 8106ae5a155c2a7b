"""The young people's majority (issue 13 §6): remind each young person 30 days before her 18th birthday, and on it
pass regie to her, end her parents' access (she keeps a parent by choosing so) and ask her what happens with her
space. Run it once a day; safe to run more than once (each young person is reminded once and asked once).
"""

from datetime import date

from django.core.management.base import BaseCommand

from trajectories.majority.services import process_majority


class Command(BaseCommand):
    help = "Remind young people before they turn 18 and ask them, on the day, what happens with their space."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=date.fromisoformat, default=None, help="Run as on this day (YYYY-MM-DD).")

    def handle(self, *args, date=None, **options):
        done = process_majority(today=date)
        self.stdout.write(f"{done.reminded} reminded, {done.asked} asked.")
