"""The record of import runs: who ran which importer for which organisation, when, with what result.

Importers come from apps and plugins through the ``register_importer`` hook (config/hooks.py); a run is started on the
administration's *Import* screen and executed in the background. Written only by :mod:`core.imports.services`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportOutcome(models.TextChoices):
    QUEUED = "queued", _("Waiting to run")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Done")
    FAILED = "failed", _("Failed")


class ImportRun(models.Model):
    """One run of one importer for one organisation.

    ``parameters`` holds what the importer's form asked for (its cleaned data, JSON), so the run can be done in the
    background with the same form. ``count`` is what the importer reports: the objects it created or changed.
    """

    organisation = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    importer = models.CharField(_("importer"), max_length=100)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("started by"),
    )
    parameters = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number imported"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=ImportOutcome.choices, default=ImportOutcome.QUEUED)
    error = models.TextField(_("error message"), blank=True)

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-started_at"], name="importrun_organisation")]

    def __str__(self):
        return f"{self.importer} · {self.organisation_id} · {self.get_outcome_display()}"
