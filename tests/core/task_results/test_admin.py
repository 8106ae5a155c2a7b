"""Background task results in Wagtail's admin, for superadmins only, without arguments or results (issue 9).

The Django admin that used to show them is gone (``/django-admin/`` answers 404); its task screen showed every
task's arguments, return value and traceback, which can name the people a task was about.
"""

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import Role
from core.roles import services as roles

URL = "/admin/taken/"
SECRET_ARGUMENT = "jongere-geheim@example.org"
SECRET_RESULT = "GEHEIMRESULTAAT"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


@pytest.fixture
def results(db):
    now = timezone.now()
    common = {"backend_name": "default", "run_after": now, "queue_name": "default"}
    return [
        DBTaskResult.objects.create(
            task_path="core.tasks.deliver_outbox",
            args_kwargs={"args": [SECRET_ARGUMENT], "kwargs": {}},
            status=TaskResultStatus.FAILED,
            exception_class_path="smtplib.SMTPRecipientsRefused",
            traceback=f"Traceback (most recent call last):\nSMTPRecipientsRefused: {SECRET_ARGUMENT}",
            finished_at=now,
            **common,
        ),
        DBTaskResult.objects.create(
            task_path="core.tasks.send_digests",
            args_kwargs={"args": [], "kwargs": {"user": SECRET_ARGUMENT}},
            status=TaskResultStatus.SUCCESSFUL,
            return_value=SECRET_RESULT,
            finished_at=now,
            **common,
        ),
    ]


def test_a_superadmin_reads_status_task_and_error_but_no_argument_or_result(client, superadmin, results):
    client.force_login(superadmin)
    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    html = response.content.decode()
    assert response.status_code == 200
    assert "core.tasks.deliver_outbox" in html and "core.tasks.send_digests" in html
    assert "smtplib.SMTPRecipientsRefused" in html
    assert "Failed" in html and "Successful" in html
    assert SECRET_ARGUMENT not in html
    assert SECRET_RESULT not in html
    assert "Traceback" not in html
    assert '<form method="post"' not in html  # nothing to change here


def test_the_list_filters_by_status(client, superadmin, results):
    client.force_login(superadmin)
    html = client.get(URL, {"status": "FAILED"}).content.decode()
    assert "core.tasks.deliver_outbox" in html and "core.tasks.send_digests" not in html


@pytest.mark.parametrize("role", [Role.ORGANISATION_ADMIN, Role.EDITOR, Role.MODERATOR])
def test_other_roles_neither_see_the_menu_item_nor_reach_the_list(client, user_factory, organisation, role, results):
    person = user_factory("rol@example.org", "Rol")
    roles.assign_role(user=person, role=role, page=organisation)
    client.force_login(person)

    response = client.get(URL)
    assert response.status_code in (302, 403)  # Wagtail turns the refusal into a redirect with a message
    assert "core.tasks" not in response.content.decode()
    assert URL not in client.get("/admin/").content.decode()


def test_the_menu_item_shows_for_superadmins(client, superadmin):
    client.force_login(superadmin)
    assert URL in client.get("/admin/").content.decode()


def test_the_django_admin_is_not_mounted(client, superadmin, results):
    client.force_login(superadmin)
    for url in (
        "/django-admin/",
        "/django-admin/login/",
        "/django-admin/mfa/authenticator/",
        "/django-admin/django_tasks_db/dbtaskresult/",
    ):
        assert client.get(url).status_code == 404, url
