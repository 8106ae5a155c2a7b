"""Background tasks of the working groups (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task


@task()
def expand_push_mail(push_mail_id):
    """Write the outbox rows of a push mail after it was committed, then have them sent (participation.pushmail)."""
    from participation.pushmail import expand

    return expand(push_mail_id)
