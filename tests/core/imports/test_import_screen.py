"""The *Import* screen (``register_importer``): an organisation's admins run the importers offered to their
organisation — those of the plugins it switched on — in the background, and see the last runs (issue 10 §3)."""

import pytest
from django.test import Client

from core.models import ImportOutcome, ImportRun, Role
from core.roles.services import assign_role
from themes.models import OrganisationPlugin
from werkgroepen_dummy import wagtail_hooks as dummy

pytestmark = pytest.mark.django_db

URL = "/admin/import/"
DUMMY = "werkgroepen_dummy"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    dummy.CALLS.clear()
    yield
    dummy.CALLS.clear()


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def switch(organisation, *, enabled=True):
    OrganisationPlugin.objects.update_or_create(organisation=organisation, plugin=DUMMY, defaults={"enabled": enabled})


def person_with(user_factory, role, page, email):
    person = user_factory(email, email.split("@")[0])
    assign_role(user=person, role=role, page=page)
    return person


@pytest.fixture
def admin_a(user_factory, organisation):
    return person_with(user_factory, Role.ORGANISATION_ADMIN, organisation, "beheer-a@example.org")


@pytest.fixture
def admin_b(user_factory, other_organisation):
    return person_with(user_factory, Role.ORGANISATION_ADMIN, other_organisation, "beheer-b@example.org")


def run_url(organisation, slug="dummy"):
    return f"{URL}{organisation.pk}/{slug}/"


def form_data(organisation, rows="5", **extra):
    return {
        f"import-{organisation.pk}-dummy-rows": rows,
        **{f"import-{organisation.pk}-dummy-{k}": v for k, v in extra.items()},
    }


def start(client, organisation, callbacks, **data):
    with callbacks(execute=True):
        return client.post(run_url(organisation), form_data(organisation, **data))


def test_an_organisation_admin_runs_the_importer_of_their_organisation(
    client, admin_a, organisation, django_capture_on_commit_callbacks
):
    switch(organisation)
    client.force_login(admin_a)
    screen = client.get(URL).content.decode()
    assert "Dummy-import" in screen and organisation.title in screen

    response = start(client, organisation, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    run = ImportRun.objects.get()
    assert (run.organisation_id, run.importer, run.started_by, run.outcome, run.count) == (
        organisation.pk,
        "dummy",
        admin_a,
        ImportOutcome.SUCCEEDED,
        5,
    )
    assert run.finished_at is not None and run.error == ""
    assert dummy.CALLS == [("run_import", (organisation.pk, 5, admin_a.pk))]
    listing = client.get(URL).content.decode()
    assert "import-run--succeeded" in listing and admin_a.display_name in listing


def test_a_superadmin_runs_the_importer_of_any_organisation(
    client, superadmin, organisation, other_organisation, django_capture_on_commit_callbacks
):
    switch(other_organisation)
    client.force_login(superadmin)
    screen = client.get(URL).content.decode()
    assert organisation.title in screen and other_organisation.title in screen

    assert start(client, other_organisation, django_capture_on_commit_callbacks).status_code == 302
    assert ImportRun.objects.get().organisation_id == other_organisation.pk


def test_the_admin_of_another_organisation_neither_sees_nor_runs_it(
    client, admin_b, organisation, other_organisation, django_capture_on_commit_callbacks
):
    switch(organisation)
    ImportRun.objects.create(organisation=organisation, importer="dummy", parameters={}, error="GEHEIM-A")
    client.force_login(admin_b)

    screen = client.get(URL).content.decode()
    assert organisation.title not in screen and "GEHEIM-A" not in screen
    assert start(client, organisation, django_capture_on_commit_callbacks).status_code == 404
    assert ImportRun.objects.count() == 1 and dummy.CALLS == []


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MODERATOR, Role.OBSERVER])
def test_editors_moderators_and_observers_have_no_import_screen(
    client, user_factory, organisation, role, django_capture_on_commit_callbacks
):
    switch(organisation)
    client.force_login(person_with(user_factory, role, organisation, "iemand@example.org"))

    assert client.get(URL).status_code in (302, 403)
    assert start(client, organisation, django_capture_on_commit_callbacks).status_code in (302, 403)
    assert not ImportRun.objects.exists() and dummy.CALLS == []


def test_the_menu_item_shows_for_organisation_admins_and_superadmins_only(
    client, admin_a, superadmin, user_factory, organisation
):
    editor = person_with(user_factory, Role.EDITOR, organisation, "redacteur@example.org")
    for person, shown in [(admin_a, True), (superadmin, True), (editor, False)]:
        client.force_login(person)
        assert (URL in client.get("/admin/").content.decode()) is shown, person


def test_a_plugin_switched_off_offers_no_importer_and_a_forged_post_is_refused(
    client, admin_a, organisation, django_capture_on_commit_callbacks
):
    switch(organisation, enabled=False)
    client.force_login(admin_a)

    assert "Dummy-import" not in client.get(URL).content.decode()
    assert start(client, organisation, django_capture_on_commit_callbacks).status_code == 404
    assert client.post(run_url(organisation, slug="bestaat-niet"), {}).status_code == 404
    assert not ImportRun.objects.exists() and dummy.CALLS == []


def test_a_form_with_errors_comes_back_with_what_was_typed(
    client, admin_a, organisation, django_capture_on_commit_callbacks
):
    switch(organisation)
    client.force_login(admin_a)

    response = start(client, organisation, django_capture_on_commit_callbacks, rows="500")

    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="500"' in html and "100" in html  # the typed value and the form's limit
    assert not ImportRun.objects.exists()


def test_a_failing_importer_is_recorded_with_its_error(
    client, admin_a, organisation, django_capture_on_commit_callbacks
):
    switch(organisation)
    client.force_login(admin_a)

    assert start(client, organisation, django_capture_on_commit_callbacks, fail="on").status_code == 302

    run = ImportRun.objects.get()
    assert run.outcome == ImportOutcome.FAILED and "DUMMY_IMPORT_FAILED" in run.error and run.count is None
    assert "DUMMY_IMPORT_FAILED" in client.get(URL).content.decode()


def test_a_plugin_switched_off_before_the_run_fails_it(
    client, admin_a, organisation, django_capture_on_commit_callbacks
):
    switch(organisation)
    client.force_login(admin_a)
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        client.post(run_url(organisation), form_data(organisation))
    switch(organisation, enabled=False)

    for callback in waiting:
        callback()

    run = ImportRun.objects.get()
    assert run.outcome == ImportOutcome.FAILED and "no longer offered" in run.error
    assert dummy.CALLS == []
