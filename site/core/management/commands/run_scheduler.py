"""``manage.py run_scheduler``: the one process that runs the site's scheduled jobs (core/scheduler).

Runs every job registered through the ``register_scheduled_job`` hook when it is due, then waits for the next round.
``--once`` runs one round and stops (cron, tests); ``--job NAME`` limits it to some jobs; ``--force`` runs them even
if they are not due; ``--list`` shows the jobs and their last runs. Safe to start twice: a job runs in one scheduler
at a time, and every job is safe to run twice.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.scheduler.selectors import last_runs, scheduled_jobs
from core.scheduler.services import NOT_DUE, TICK_SECONDS, run_due, run_forever


class Command(BaseCommand):
    help = "Run the scheduled jobs (reminders, digests, observer updates, the outbox …) at their intervals."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Run the jobs that are due once, then stop.")
        parser.add_argument("--job", action="append", dest="jobs", metavar="NAME", help="Only this job (repeatable).")
        parser.add_argument("--force", action="store_true", help="Run the chosen jobs even if they are not due.")
        parser.add_argument(
            "--list", action="store_true", dest="list_jobs", help="List the jobs and their last runs, then stop."
        )
        parser.add_argument("--tick", type=int, default=TICK_SECONDS, help="Seconds between rounds (default 30).")

    def handle(self, *args, once, jobs, force, list_jobs, tick, **options):
        self.verbosity = options.get("verbosity", 1)
        if list_jobs:
            return self._list()
        if once or jobs or force:
            try:
                outcomes = run_due(names=jobs, force=force)
            except KeyError as error:
                raise CommandError(error.args[0]) from error
            for outcome in outcomes:
                self._report(outcome)
            return None
        self.stdout.write(f"Scheduler started: {', '.join(sorted(scheduled_jobs()))}")
        run_forever(tick=tick, report=self._report)
        return None

    def _report(self, outcome):
        if outcome.status == NOT_DUE and self.verbosity < 2:
            return
        detail = f": {outcome.result}" if outcome.result is not None else f": {outcome.error}" if outcome.error else ""
        self.stdout.write(f"{timezone.now():%Y-%m-%d %H:%M:%S} {outcome.name} {outcome.status}{detail}")

    def _list(self):
        runs = last_runs()
        for name, job in sorted(scheduled_jobs().items()):
            when = (
                f"every {job.every}"
                if job.every
                else f"at {job.at:%H:%M}" + (f" on weekday {job.weekday}" if job.weekday is not None else "")
            )
            row = runs.get(name)
            last = f"last started {row.last_started_at:%Y-%m-%d %H:%M}" if row and row.last_started_at else "never run"
            self.stdout.write(f"{name}: {when}; {last}. {job.description}")
