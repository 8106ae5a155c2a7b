"""One trajectory from start to download, in a real browser at 320 px (issue 13, Tests): a professional starts a
space from the workshop trajectory of seed 003 and asks the young person to sign the engagement declaration; she
signs it, proposes a time that the professional confirms, and at the end downloads the space. The ZIP holds the
overview, her signature and the confirmed appointment. axe-core finds no violation on any page on the way, nothing
scrolls sideways and the strict CSP refuses nothing.

The export is built by django-tasks: the tests' ImmediateBackend builds it right after the request that asked for it
commits, so the page it lands on already offers the download. The young person's seat is set up directly (joining by
invitation has its own browser test, test_werkruimte_flow.py).

Requirements: SEC-16 (export of one's data), SEC-01 (the export holds what she may read).
"""

import io
import json
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.utils import timezone

from core.models import Role as SiteRole
from core.roles.services import assign_role
from tests.browser.test_accessibility import check
from tests.browser.test_werkruimte_templates import WIDTH, click_and_wait, log_in_browser
from tests.conftest import make_organisation, make_user
from tests.trajectories.world import with_totp
from trajectories import factories
from trajectories.agenda.models import Appointment, AppointmentProposal
from trajectories.blueprints import shipped
from trajectories.blueprints.models import Signature, TrajectoryTemplate
from trajectories.blueprints.services import shipped_templates_install
from trajectories.export.models import ExportStatus, SpaceExport
from trajectories.models import Participant, Regie, Role, Trajectory

pytestmark = pytest.mark.browser

PHONE = {"width": WIDTH, "height": 700, "is_mobile": True, "has_touch": True}


@pytest.fixture
def people(browser_site, home):
    shipped_templates_install(apps=apps)  # the transactional live server flushed what the migration installed
    organisation = make_organisation()
    professional = with_totp(make_user("begeleider@example.org", "Bram"))
    assign_role(user=professional, role=SiteRole.CARE_PROFESSIONAL, page=organisation)
    young = make_user("jongere@example.org", "Yasmine")
    return organisation, professional, young


def test_from_template_to_signature_to_appointment_to_download_on_a_phone(page_factory, axe, people, browser_site):
    organisation, professional, young = people
    template = TrajectoryTemplate.objects.get(key=shipped.WORKSHOPS)

    # The professional starts the space from the workshop template, deciding together with the young person.
    pro = page_factory(**PHONE)
    log_in_browser(pro, professional, browser_site)
    problems = check(pro, axe, "start form", "/werkruimte/nieuw/", width=WIDTH)
    pro.locator("input[name=title]").fill("Oefenkansen in De Buurt")
    pro.locator(f"input[name=role][value={Role.PROFESSIONAL}]").check()
    pro.locator("select[name=organisation]").select_option(str(organisation.pk))
    pro.locator(f"input[name=regie][value={Regie.CLIENT_WITH_COUNSELLOR}]").check()
    pro.locator("select[name=template]").select_option(str(template.pk))
    pro.locator("input[name=target_group]").fill("bezoekers van het buurthuis")
    click_and_wait(pro, pro.locator("main form button[type=submit]"))
    space = Trajectory.objects.get(title="Oefenkansen in De Buurt")
    pk = space.pk
    assert urlsplit(pro.url).path == f"/werkruimte/{pk}/"
    seat = factories.participant(trajectory=space, user=young, role=Role.CLIENT, name="Yasmine")

    # He moves on to "Verduurzamen", where the engagement declaration is made, and asks her to sign it.
    phases = f"/werkruimte/{pk}/traject/"
    pro.goto(phases)
    for _ in range(2):
        click_and_wait(pro, pro.locator("form[action$='/traject/verder/'] button"))
    signers = pro.locator("form[action$='/wie/']")
    signers.locator("label", has_text="Yasmine").click()
    click_and_wait(pro, signers.locator("button[type=submit]"))
    problems += check(pro, axe, "Traject page (professional)", phases, width=WIDTH)

    # She signs it.
    her = page_factory(**PHONE)
    log_in_browser(her, young, browser_site)
    problems += check(her, axe, "Traject page (young person)", phases, width=WIDTH)
    click_and_wait(her, her.locator("form[action*='/ondertekenen/']:not([action$='/wie/']) button"))
    signature = Signature.objects.get(participant=seat)
    assert signature.signed_at is not None

    # She proposes a time to him; he says yes and confirms it.
    day = timezone.localdate() + timedelta(days=5)
    problems += check(her, axe, "proposal form", f"/werkruimte/{pk}/agenda/voorstellen/nieuw/", width=WIDTH)
    her.locator("#id_title").fill("Gesprek over de workshop")
    her.locator("#id_date_1").fill(day.strftime("%d/%m/%Y"))
    her.locator("#id_start_1").fill("14:00")
    her.locator("#id_end_1").fill("15:00")
    her.locator("#id_place").fill("Buurthuis De Buurt")
    professional_seat = Participant.objects.get(trajectory=space, user=professional)
    her.locator(f"input[name=invited][value='{professional_seat.pk}']").check()
    click_and_wait(her, her.locator("main form button[type=submit]"))
    proposal = AppointmentProposal.objects.get(trajectory=space)
    option = proposal.options.get()
    proposal_page = f"/werkruimte/{pk}/agenda/voorstellen/{proposal.pk}/"
    problems += check(pro, axe, "proposal page (invited professional)", proposal_page, width=WIDTH)
    pro.locator(f"input[name=answer_{option.pk}][value=yes]").check()
    click_and_wait(pro, pro.locator(f"form[action$='/voorstellen/{proposal.pk}/antwoorden/'] button[type=submit]"))
    pro.locator(f"#confirm-{option.pk}").check()
    click_and_wait(pro, pro.locator(f"form[action$='/voorstellen/{proposal.pk}/bevestigen/'] button[type=submit]"))
    appointment = Appointment.objects.get(trajectory=space)
    assert appointment.start == option.start

    # At the end she downloads the space.
    export_page = f"/werkruimte/{pk}/downloaden/"
    problems += check(her, axe, "export page", export_page, width=WIDTH)
    click_and_wait(her, her.locator(f"form[action='{export_page}maken/'] button[type=submit]"))
    export = SpaceExport.objects.get(trajectory=space, user=young)
    assert export.status == ExportStatus.READY  # built right away by the tests' ImmediateBackend
    assert urlsplit(her.url).path == export_page
    problems += check(her, axe, "export page with the download ready", export_page, width=WIDTH)
    link = her.locator(f"a[href='{export_page}{export.pk}/']")
    with her.expect_download() as downloading:
        link.click()
    with open(downloading.value.path(), "rb") as handle:
        zf = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert {"overzicht.html", "overzicht.pdf", "gegevens.json"} <= set(zf.namelist())
    data = json.loads(zf.read("gegevens.json"))
    overview = zf.read("overzicht.html").decode()

    [declaration] = data["signatures"]
    assert declaration["title"] == "Engagementsverklaring"
    assert [(s["person"], s["signed_at"]) for s in declaration["signatures"]] == [
        ("Yasmine", signature.signed_at.isoformat())
    ]
    assert "Engagementsverklaring" in overview and "Yasmine" in overview
    assert timezone.localtime(signature.signed_at).strftime("%H:%M") in overview  # local time, as on the page
    [planned] = data["proposals"]
    assert planned["title"] == "Gesprek over de workshop"
    assert planned["confirmed"]["start"] == option.start.isoformat()
    assert "Gesprek over de workshop" in overview and f"{day.day} " in overview and "14:00 –" in overview
    appointments = [
        item for section in data["items"] for item in section["items"] if item["title"] == "Gesprek over de workshop"
    ]
    assert len(appointments) == 1  # the confirmed appointment itself, in her agenda
    assert [p["title"] for p in data["phases"] if p["current"]] == ["Verduurzamen"]
    assert SpaceExport.objects.get(pk=export.pk).status == ExportStatus.DOWNLOADED
    assert not problems, "\n\n".join(problems)
