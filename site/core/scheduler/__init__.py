"""The scheduler: one process (``manage.py run_scheduler``) runs every job registered through the
``register_scheduled_job`` hook at its interval (appointment reminders, digests, observer updates, the outbox …)."""
