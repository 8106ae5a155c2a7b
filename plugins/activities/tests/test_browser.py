"""The browser flow of the issue at 320 px, with axe (WCAG 2.2 AA): a moderator finds an imported draft on
"Activiteiten op mijn grondgebied", follows the missing step to its field, fixes it and publishes; a visitor finds the
activity by postcode. Runs against the live server in Debian's Chromium (tests/fixtures/browser.py)."""

import json
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client

from core.roles.models import Role
from core.roles.services import assign_role
from tests.fixtures.browser import Axe, assert_no_browser_problems
from themes.factories import home_page, organisation_page
from werkgroepen_activities.activities.models import Activity, Status
from werkgroepen_activities.feed.services import SAMPLE, feed_import

from .conftest import make_user, switch_on

PHONE = {"width": 320, "height": 640}


def session_cookie(user, base_url):
    """The moderator's session, made in the database (the log-in form is tested by the site's own flows)."""
    client = Client()
    client.force_login(user)
    host = urlsplit(base_url).hostname
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "domain": host,
        "path": "/",
    }


@pytest.mark.browser
def test_a_moderator_fixes_and_publishes_an_import_and_a_visitor_finds_it(browser_site, page_factory):
    axe = Axe()
    home_page()
    houtem = organisation_page(title="Gemeente Houtem", slug="gemeente-houtem")
    switch_on(houtem)
    moderator = make_user("moderator@houtem.example", "Moderator Houtem")
    assign_role(user=moderator, role=Role.ORGANISATION_ADMIN, page=houtem)
    assert SAMPLE.exists()
    feed_import(organisation=houtem, source="sample")
    # The sample's ninth event has a UiT type unknown here ("Circusvoorstelling"): its type step is missing.
    unknown_type = json.loads(SAMPLE.read_text(encoding="utf-8"))["member"][8]["@id"]
    repair = Activity.objects.get(external_id=unknown_type)
    title = repair.title

    page = page_factory(**PHONE, is_mobile=True, has_touch=True)
    page.context.add_cookies([session_cookie(moderator, browser_site)])
    page.goto(f"/activiteiten/{houtem.slug}/grondgebied/")
    assert page.locator("h1").inner_text() == "Activiteiten op mijn grondgebied"
    axe.assert_no_violations(page)
    page.get_by_label("Zoek naar activiteit").fill(title)
    # Each click below leaves the page: the next look waits for the new one (not the page being left).
    with page.expect_navigation():
        page.locator("#main").get_by_role("button", name="Zoeken").click()
    with page.expect_navigation():
        page.get_by_role("link", name=title).click()
    assert page.get_by_text("Deze activiteit komt uit de UiTinVlaanderen databank.").is_visible()
    steps = page.locator(".missing-step")
    assert steps.count() == 1 and steps.inner_text() == "Kies minstens één type"
    axe.assert_no_violations(page)

    steps.get_by_role("link").click()
    assert urlsplit(page.url).fragment == "id_types"
    page.get_by_label("Ontmoeting").check()
    axe.assert_no_violations(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaar de activiteit").click()
    with page.expect_navigation():  # the detail page before publishing shows a status too
        page.get_by_role("button", name="Publiceer").click()
    assert page.locator(".activity-status").inner_text().upper() == "GEPUBLICEERD"
    repair.refresh_from_db()
    assert repair.status == Status.PUBLISHED
    assert_no_browser_problems(page)

    visitor = page_factory(**PHONE, is_mobile=True, has_touch=True)
    visitor.goto(f"/activiteiten/{houtem.slug}/")
    visitor.get_by_label("In de buurt (postcode)").fill(repair.postcode)
    with visitor.expect_navigation():
        visitor.locator("#main").get_by_role("button", name="Filteren").click()
    assert visitor.get_by_role("link", name=title).is_visible()
    axe.assert_no_violations(visitor)
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=title).click()
    assert visitor.locator("h1").inner_text() == title
    assert visitor.get_by_role("link", name="Zet in je agenda (iCal)").is_visible()
    axe.assert_no_violations(visitor)
    # Nothing on the page is wider than the phone (WCAG 1.4.10 reflow).
    assert visitor.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert_no_browser_problems(visitor)
