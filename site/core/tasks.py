"""Background tasks (django-tasks; the database worker `manage.py db_worker` runs them, `make run` starts one)."""

from django_tasks import task


@task()
def deliver_outbox():
    """Send everything that is due in the outbox (core.outbox), however many: a push mail to 10,000 members
    is one task (several threads on PostgreSQL), not 20 tasks of 500 of which only the first would be enqueued."""
    from core.outbox import deliver_all

    return deliver_all()


@task()
def expand_event(event_id):
    """Fan a many-recipient notification out into the outbox, then send it."""
    from core.notifications import expand_event as expand

    count = expand(event_id)
    return count


@task()
def build_data_export(export_id):
    """Build a person's "Mijn gegevens" ZIP (core.gdpr)."""
    from core.gdpr import build_export

    export = build_export(export_id)
    return export.pk if export else None
