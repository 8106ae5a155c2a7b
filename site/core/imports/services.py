"""Import runs: started on the administration's *Import* screen, executed in the background, recorded as
:class:`~core.imports.models.ImportRun` (who, when, how many, outcome).

The importers themselves come from apps and plugins through ``register_importer`` (config/hooks.py): a form, and
``run(form, organisation, user) -> int``. A run keeps the form's data (JSON) and is executed after commit by a
background task, inside one transaction of its own: an importer that raises changes nothing and the run is recorded
as failed with the error message.
"""

import logging

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from core.imports.models import ImportOutcome, ImportRun
from core.imports.policies import may_import
from core.imports.selectors import importer_for

logger = logging.getLogger("werkgroepen.imports")


def form_data(form):
    """What `form` was given, per field, as its widgets read it: JSON that rebuilds the same form in the
    background (``form_class(data=...)``)."""
    return {
        name: field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
        for name, field in form.fields.items()
    }


@transaction.atomic
def import_start(*, organisation, slug, form, by, request=None):
    """Record a run of the importer `slug` for `organisation` with the valid `form`, by `by`, and have it executed in
    the background after commit. Raises ``PermissionDenied`` unless `by` administers the organisation (or is a
    superadmin) and the importer is offered there (its plugin switched on)."""
    if not may_import(by, organisation) or importer_for(organisation, slug, request) is None:
        raise PermissionDenied
    if not form.is_valid():
        raise ValidationError(_("Check the form of this importer."))
    run = ImportRun.objects.create(organisation=organisation, importer=slug, started_by=by, parameters=form_data(form))
    transaction.on_commit(lambda: import_run_task.enqueue(run.pk))
    return run


class ImportFailed(Exception):
    pass


def import_execute(*, run_id):
    """Execute the waiting run `run_id` (the background task; safe to run twice: only a waiting run is taken).

    The importer is looked up again (a plugin switched off in the meantime fails the run), its form rebuilt from the
    stored data and validated, and ``run`` called inside a transaction; the outcome is recorded either way."""
    with transaction.atomic():
        run = (
            ImportRun.objects.select_for_update(of=("self",))
            .select_related("organisation", "started_by")
            .filter(pk=run_id, outcome=ImportOutcome.QUEUED)
            .first()
        )
        if run is None:
            return None
        run.outcome = ImportOutcome.RUNNING
        run.save(update_fields=["outcome"])
    organisation = run.organisation.specific
    try:
        importer = importer_for(organisation, run.importer)
        if importer is None:
            raise ImportFailed(_("This importer is no longer offered to this organisation."))
        form = importer.form_class(data=run.parameters)
        if not form.is_valid():
            raise ImportFailed(form.errors.as_text())
        with transaction.atomic():
            count = int(importer.run(form, organisation, run.started_by))
    except Exception as error:  # noqa: BLE001 - every failure is recorded on the run
        logger.exception("Import run %s (%s) failed", run.pk, run.importer)
        ImportRun.objects.filter(pk=run.pk).update(
            outcome=ImportOutcome.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        return run.pk
    ImportRun.objects.filter(pk=run.pk).update(
        outcome=ImportOutcome.SUCCEEDED, count=max(count, 0), finished_at=timezone.now()
    )
    return run.pk


@task()
def import_run_task(run_id):
    """Background task: execute one import run (:func:`import_execute`). Declared beside the service that enqueues
    it and the one it runs, so one module holds both."""
    return import_execute(run_id=run_id)
