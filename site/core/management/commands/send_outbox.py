"""Send the outbox once: every message that is due now, then stop (cron, or after a crash).

Safe to run twice and concurrently: each message is locked by one worker (SKIP LOCKED) and a handed-over
message is never taken again (see core.outbox.services). `make run` also runs django-tasks' `db_worker`, which sends the
outbox after every commit that queues mail; this command is the manual and scheduled way.
"""

from django.core.management.base import BaseCommand

from core.outbox.services import deliver_all


class Command(BaseCommand):
    help = "Send every e-mail in the outbox that is due now (safe to run twice or in parallel)."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1_000_000, help="Send at most this many per thread.")
        parser.add_argument("--threads", type=int, default=None, help="Parallel senders (default OUTBOX_THREADS).")

    def handle(self, *args, limit, threads, **options):
        sent = deliver_all(threads=threads, limit=limit)
        if options["verbosity"]:
            self.stdout.write(f"{sent} sent")
