"""A space started from a template, in a real browser at 320 px (issue 13 §1, Tests): a professional starts a
space from the workshop trajectory of seed 003, moves it on to the phase "Verduurzamen" and asks the young person to
sign the engagement declaration; the young person signs it ("ik onderschrijf dit"). axe-core finds no violation on
the start form, the Overzicht with the current phase and the Traject page, and nothing scrolls sideways.

Assertions use stable markup and the data, not wording. The young
person's seat is set up directly: joining by invitation has its own browser test (test_werkruimte_flow.py).
"""

from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from core.models import Role as SiteRole
from core.roles.services import assign_role
from tests.browser.test_accessibility import check
from tests.conftest import make_organisation, make_user
from tests.trajectories.world import with_totp
from trajectories import factories
from trajectories.blueprints import shipped
from trajectories.blueprints.models import Signature, SpacePhase, TrajectoryTemplate
from trajectories.blueprints.services import shipped_templates_install
from trajectories.documents.models import Document
from trajectories.models import Role, Trajectory

pytestmark = pytest.mark.browser

WIDTH = 320


def log_in_browser(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


@pytest.fixture
def people(browser_site, home):
    shipped_templates_install(apps=apps)  # the transactional live server flushed what the migration installed
    organisation = make_organisation()
    professional = with_totp(make_user("begeleider@example.org", "Bram"))
    assign_role(user=professional, role=SiteRole.CARE_PROFESSIONAL, page=organisation)
    young = make_user("jongere@example.org", "Yasmine")
    return organisation, professional, young


def test_a_professional_starts_from_the_workshop_template_and_the_young_person_signs(
    page_factory, axe, people, browser_site
):
    organisation, professional, young = people
    template = TrajectoryTemplate.objects.get(key=shipped.WORKSHOPS)
    page = page_factory(width=WIDTH, height=700, is_mobile=True, has_touch=True)
    log_in_browser(page, professional, browser_site)
    problems = check(page, axe, "start form", "/werkruimte/nieuw/", width=WIDTH)

    page.locator("input[name=title]").fill("Oefenkansen in De Buurt")
    page.locator(f"input[name=role][value={Role.PROFESSIONAL}]").check()
    page.locator("select[name=organisation]").select_option(str(organisation.pk))
    page.locator("select[name=template]").select_option(str(template.pk))
    page.locator("input[name=target_group]").fill("bezoekers van het buurthuis")
    click_and_wait(page, page.locator("main form button[type=submit]"))
    space = Trajectory.objects.get(title="Oefenkansen in De Buurt")
    overview = f"/werkruimte/{space.pk}/"
    assert urlsplit(page.url).path == overview
    assert "Terugblikken" in page.locator("#widget-traject").locator("..").inner_text()
    problems += check(page, axe, "overview with the current phase", overview, width=WIDTH)

    factories.participant(trajectory=space, user=young, role=Role.CLIENT, name="Yasmine")
    phases = f"/werkruimte/{space.pk}/traject/"
    page.goto(phases)
    for _ in range(2):
        click_and_wait(page, page.locator("form[action$='/traject/verder/'] button"))
    assert SpacePhase.objects.get(trajectory=space, ended_at__isnull=True, started_at__isnull=False).title == (
        "Verduurzamen"
    )
    declaration = Document.objects.get(trajectory=space, title="Engagementsverklaring")
    assert "bezoekers van het buurthuis" in declaration.versions.get().text
    signers = page.locator("form[action$='/wie/']")
    signers.locator("label", has_text="Yasmine").click()
    click_and_wait(page, signers.locator("button[type=submit]"))
    problems += check(page, axe, "Traject page (professional)", phases, width=WIDTH)

    young_page = page_factory(width=WIDTH, height=700, is_mobile=True, has_touch=True)
    log_in_browser(young_page, young, browser_site)
    problems += check(young_page, axe, "Traject page (young person)", phases, width=WIDTH)
    sign = young_page.locator("form[action*='/ondertekenen/']:not([action$='/wie/']) button")
    assert sign.count() == 1
    click_and_wait(young_page, sign)
    assert urlsplit(young_page.url).path == phases
    signature = Signature.objects.get(participant__user=young)
    assert signature.signed_at is not None
    assert sign.count() == 0  # signed once: no button any more
    assert timezone.localtime(signature.signed_at).strftime("%H:%M") in young_page.locator("main").inner_text()
    problems += check(young_page, axe, "Traject page after signing", phases, width=WIDTH)
    assert not problems, "\n\n".join(problems)
