"""The daily housekeeping (cron): expire published activities whose last date has passed, and tell moderators about
recurring activities that have not been edited for their organisation's inactivity period."""

from django.core.management.base import BaseCommand

from werkgroepen_activities.activities.services import activities_expire, recurring_inactive_tell


class Command(BaseCommand):
    help = "Expire past activities and report inactive recurring ones."

    def handle(self, *args, **options):
        expired = activities_expire()
        inactive = recurring_inactive_tell()
        self.stdout.write(f"{expired} expired, {inactive} inactive recurring activities reported")
