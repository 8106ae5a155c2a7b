"""The scheduler's memory: one row per registered job, with its last run and, on databases without advisory locks
(SQLite), the lease that keeps a second scheduler from running the job at the same time."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledJobRun(models.Model):
    """The last run of one scheduled job (``config.hooks.ScheduledJob.name``). ``lease_until``/``lease_owner``: the
    scheduler running the job now (SQLite); empty when nobody is."""

    name = models.CharField(max_length=100, unique=True)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=200, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name
