"""The admin screen *Trajectory templates* (issue 13 §1): editors of a care organisation manage its templates; they
never see another organisation's (list, edit page, organisation chooser), the shipped templates are read-only for
them, and placeholders a template cannot fill are named when the editor saves (bad input).

Requirements: SEC-01 (another organisation's template answers 404 like a missing one), SEC-04, SEC-21 (admin
choosers scoped).
"""

import pytest

from core.models import Role
from core.roles import services as roles
from trajectories.blueprints.models import DocumentTemplate, TrajectoryTemplate
from trajectories.blueprints.shipped import WORKSHOPS

URL = "/admin/trajectsjablonen/"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


@pytest.fixture
def editor_a(user_factory, organisation):
    person = user_factory("redacteur-a@example.org", "Redacteur A")
    roles.assign_role(user=person, role=Role.EDITOR, page=organisation)
    return person


@pytest.fixture
def editor_b(user_factory, other_organisation):
    person = user_factory("redacteur-b@example.org", "Redacteur B")
    roles.assign_role(user=person, role=Role.EDITOR, page=other_organisation)
    return person


@pytest.fixture
def template_b(other_organisation):
    template = TrajectoryTemplate.objects.create(name="Sjabloon van Koepel B", organisation=other_organisation)
    template.phases.create(title="Fase van B")
    return template


def form_data(organisation, *, body="Als medewerkers van {organisatie}.", phase_number=1, name="Ons traject"):
    return {
        "name": name,
        "organisation": organisation.pk if organisation is not None else "",
        "description": "",
        "offered": "on",
        "phases-TOTAL_FORMS": "2",
        "phases-INITIAL_FORMS": "0",
        "phases-MIN_NUM_FORMS": "1",
        "phases-MAX_NUM_FORMS": "1000",
        "phases-0-title": "Kennismaking",
        "phases-0-description": "Elkaar leren kennen",
        "phases-0-checklist": "Iedereen is uitgenodigd",
        "phases-0-default_goals": "Ik weet wat ik wil bereiken",
        "phases-0-ORDER": "1",
        "phases-1-title": "Afsluiting",
        "phases-1-description": "",
        "phases-1-checklist": "",
        "phases-1-default_goals": "",
        "phases-1-ORDER": "2",
        "documents-TOTAL_FORMS": "1",
        "documents-INITIAL_FORMS": "0",
        "documents-MIN_NUM_FORMS": "0",
        "documents-MAX_NUM_FORMS": "1000",
        "documents-0-title": "Verklaring",
        "documents-0-body": body,
        "documents-0-phase_number": str(phase_number),
        "documents-0-ORDER": "1",
    }


def test_an_editor_builds_a_template_of_their_organisation(client, editor_a, organisation):
    client.force_login(editor_a)
    response = client.post(URL + "new/", form_data(organisation))
    assert response.status_code == 302, response.content.decode()[-3000:]
    template = TrajectoryTemplate.objects.get(name="Ons traject")
    assert template.organisation_id == organisation.pk
    assert [p.title for p in template.phases.order_by("sort_order")] == ["Kennismaking", "Afsluiting"]
    assert template.documents.get().body == "Als medewerkers van {organisatie}."


def test_unknown_placeholders_are_listed_by_name_when_saving(client, editor_a, organisation):
    """Bad input: every placeholder the template cannot fill is named; nothing is saved and the text stays."""
    client.force_login(editor_a)
    body = "Voor {doelgroep}, getekend door {naam} en {handtekening}, op {datum}."
    response = client.post(URL + "new/", form_data(organisation, body=body))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Unknown placeholders: {naam}, {handtekening}." in page
    assert "{doelgroep}" in page  # the known ones are offered in the message and the text is kept
    assert "getekend door {naam}" in page
    assert not TrajectoryTemplate.objects.filter(name="Ons traject").exists()


def test_a_document_in_a_phase_the_template_lacks_is_refused(client, editor_a, organisation):
    client.force_login(editor_a)
    response = client.post(URL + "new/", form_data(organisation, phase_number=3))
    assert response.status_code == 200
    assert "This template has 2 phases: choose a number from 1 to 2." in response.content.decode()
    assert not DocumentTemplate.objects.filter(title="Verklaring").exists()


def test_the_model_refuses_unknown_placeholders_everywhere(db):
    """The same rule on the model (``full_clean``), whatever form saves it."""
    template = TrajectoryTemplate.objects.get(key=WORKSHOPS)
    document = DocumentTemplate(template=template, title="Voor {wie}", body="{organisatie}", phase_number=1)
    with pytest.raises(Exception, match=r"Unknown placeholders: \{wie\}"):
        document.full_clean()


def test_templates_of_another_organisation_are_never_shown_to_an_editor(
    client, editor_a, template_b, organisation, other_organisation
):
    """The list shows the editor's own templates and the shipped ones, never Koepel B's; its edit and delete pages
    answer 404 (SEC-01); the organisation chooser offers only the editor's organisation, and a forged post for B is
    refused without saving."""
    client.force_login(editor_a)
    listing = client.get(URL).content.decode()
    assert "Sjabloon van Koepel B" not in listing
    assert "Workshoptraject digitale oefenkansen" in listing
    assert client.get(f"{URL}edit/{template_b.pk}/").status_code == 404
    assert client.get(f"{URL}delete/{template_b.pk}/").status_code == 404
    assert client.post(f"{URL}delete/{template_b.pk}/").status_code == 404
    assert TrajectoryTemplate.objects.filter(pk=template_b.pk).exists()
    form = client.get(URL + "new/").content.decode()
    assert f'value="{organisation.pk}"' in form and f'value="{other_organisation.pk}"' not in form
    forged = client.post(URL + "new/", form_data(other_organisation, name="Vals"))
    assert forged.status_code == 200 and not TrajectoryTemplate.objects.filter(name="Vals").exists()
    searched = client.get(URL + "?q=Koepel").content.decode()
    assert "Sjabloon van Koepel B" not in searched


def test_the_editor_of_the_other_organisation_sees_and_changes_theirs(client, editor_b, template_b):
    client.force_login(editor_b)
    assert "Sjabloon van Koepel B" in client.get(URL).content.decode()
    assert client.get(f"{URL}edit/{template_b.pk}/").status_code == 200


def test_shipped_templates_are_read_only_for_editors_and_changed_by_superadmins(
    client, editor_a, superadmin, organisation
):
    shipped = TrajectoryTemplate.objects.get(key=WORKSHOPS)
    client.force_login(editor_a)
    data = form_data(None, name="Overschreven")
    refused = client.post(f"{URL}edit/{shipped.pk}/", data)
    assert refused.status_code in (200, 403)  # the organisation is required for an editor, or the save refused
    shipped.refresh_from_db()
    assert shipped.name == "Workshoptraject digitale oefenkansen"
    client.force_login(superadmin)
    assert client.get(f"{URL}edit/{shipped.pk}/").status_code == 200


def test_people_without_an_editor_role_do_not_reach_the_screen(client, member, world):
    """A member, a care professional (declared, not an editor) and a moderator get no templates screen."""
    for person in (member, world.users["pro_a"], world.users["young"]):
        client.force_login(person)
        assert client.get(URL).status_code in (302, 403)
