"""Planning together on a phone (issue 13 §3, Tests): at 320 px the young person proposes two times to her
counsellor, who answers in the table and confirms one; the appointment is then in her agenda. Every page passes axe (WCAG 2.0–2.2 A/AA), nothing scrolls sideways, the strict CSP
refuses nothing, and all of it works with the keyboard's plain form controls (no script needed).

Driven through Debian's Chromium against the live server (Dutch interface).
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from tests.fixtures.browser import assert_no_browser_problems, format_violations
from tests.trajectories.world import build_world
from trajectories.agenda.models import Appointment, AppointmentProposal, ProposalAnswer
from trajectories.models import Audience

pytestmark = pytest.mark.browser

PHONE = {"width": 320, "height": 640}


def log_in_browser(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def check_page(page, axe, where):
    """axe finds nothing, nothing scrolls sideways at 320 px, and the browser saw no CSP refusal or failure."""
    violations = axe.violations(page)
    assert not violations, format_violations(violations, where)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= PHONE["width"], f"{where}: scrolls sideways (scrollWidth {scroll_width})"
    assert_no_browser_problems(page)


def test_the_young_person_proposes_a_time_that_the_professional_confirms_on_a_phone(
    page_factory, axe, browser_site, organisation, other_organisation
):
    world = build_world(organisation, other_organisation)
    pk = world.space.pk
    first_day = timezone.localdate() + timedelta(days=3)
    second_day = timezone.localdate() + timedelta(days=4)

    # The young person proposes two times to her counsellor.
    young = page_factory(**PHONE, is_mobile=True, has_touch=True)
    log_in_browser(young, world.users["young"], browser_site)
    young.goto(f"/werkruimte/{pk}/agenda/")
    young.locator(f"a[href='/werkruimte/{pk}/agenda/voorstellen/nieuw/']").click()
    young.wait_for_url(f"**/werkruimte/{pk}/agenda/voorstellen/nieuw/")
    check_page(young, axe, "proposal form")
    young.locator("#id_title").fill("Gesprek over stage")
    young.locator("#id_date_1").fill(first_day.strftime("%d/%m/%Y"))
    young.locator("#id_start_1").fill("10:00")
    young.locator("#id_end_1").fill("11:00")
    young.locator("#id_date_2").fill(second_day.strftime("%d/%m/%Y"))
    young.locator("#id_start_2").fill("15:30")
    young.locator("#id_end_2").fill("16:00")
    young.locator("#id_place").fill("CAW Oost")
    young.locator(f"input[name=invited][value='{world.seats['pro_a'].pk}']").check()
    with young.expect_navigation():
        young.locator("main form button[type=submit]").click()
    proposal = AppointmentProposal.objects.get()
    assert young.url.endswith(f"/werkruimte/{pk}/agenda/voorstellen/{proposal.pk}/")
    assert young.locator("table.planning-table").count() == 1  # what everyone answered (she does not answer)
    check_page(young, axe, "proposal page of the proposer")

    # Her counsellor answers in the table, with the keyboard, and confirms the second time.
    pro = page_factory(**PHONE, is_mobile=True, has_touch=True)
    log_in_browser(pro, world.users["pro_a"], browser_site)
    pro.goto(f"/werkruimte/{pk}/agenda/voorstellen/{proposal.pk}/")
    assert pro.locator("table.planning-table").count() == 2  # his answers and everyone's
    check_page(pro, axe, "proposal page of the invited")
    first, second = proposal.options.all()
    pro.locator(f"input[name=answer_{first.pk}][value=no]").focus()
    pro.keyboard.press("Space")
    pro.locator(f"input[name=answer_{second.pk}][value=yes]").focus()
    pro.keyboard.press("Space")
    with pro.expect_navigation():
        pro.locator(f"form[action$='/voorstellen/{proposal.pk}/antwoorden/'] button[type=submit]").press("Enter")
    assert dict(ProposalAnswer.objects.values_list("option_id", "answer")) == {first.pk: "no", second.pk: "yes"}
    check_page(pro, axe, "proposal page after answering")
    # he is the counsellor and holds regie with her: he may confirm
    pro.locator(f"#confirm-{second.pk}").check()
    with pro.expect_navigation():
        pro.locator(f"form[action$='/voorstellen/{proposal.pk}/bevestigen/'] button[type=submit]").click()
    appointment = Appointment.objects.get()
    assert (appointment.start, appointment.audience) == (second.start, Audience.CHOSEN)
    assert pro.url.endswith(f"/werkruimte/{pk}/agenda-afspraken/{appointment.pk}/")
    check_page(pro, axe, "the confirmed appointment")

    # The appointment is in her agenda, written by her (she proposed it: nothing for her to decline).
    young.goto(f"/werkruimte/{pk}/agenda/")
    assert young.locator(f"a[href='/werkruimte/{pk}/agenda-afspraken/{appointment.pk}/']").count() == 1
    check_page(young, axe, "her agenda")
    young.goto(f"/werkruimte/{pk}/agenda-afspraken/{appointment.pk}/")
    assert young.locator("form[action$='/afzeggen/']").count() == 0
    check_page(young, axe, "the appointment she proposed")
