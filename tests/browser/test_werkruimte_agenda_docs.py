"""The Agenda and Documenten of a space in a real browser: axe-core finds no violation on each of their pages at
phone widths (320 and 375 px, nothing scrolls sideways) and at desktop width, with the site CSS and the strict
CSP; the optimistic-locking conflict page keeps what was typed (issue 5, WCAG 2.2 AA, SEC-19)."""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.browser.test_accessibility import VIEWPORTS, check
from tests.trajectories.world import build_world
from trajectories.agenda.models import Appointment
from trajectories.documents import services as documents
from trajectories.items import services
from trajectories.models import Audience

pytestmark = pytest.mark.browser


def log_in_browser(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


@pytest.fixture
def space_pages(browser_site, organisation, other_organisation, settings, tmp_path):
    settings.TRAJECTORY_FILES_ROOT = tmp_path / "bestanden"
    world = build_world(organisation, other_organisation)
    start = timezone.now() + timedelta(days=2)
    shared = services.item_create(
        model=Appointment,
        trajectory=world.space,
        by=world.users["pro_a"],
        title="Gesprek op school",
        place="Campus Zuid, lokaal 1.04",
        video_call=True,
        start=start,
        end=start + timedelta(hours=1),
    )
    services.item_create(
        model=Appointment,
        trajectory=world.space,
        by=world.users["pro_a"],
        audience=Audience.PROFESSIONALS,
        title="Overleg hulpverleners",
        place="CAW",
        start=start + timedelta(days=1),
        end=start + timedelta(days=1, hours=1),
    )
    text = documents.document_create_text(
        trajectory=world.space, by=world.users["parent"], title="Afspraken voor het weekend", text="**Zaterdag** thuis."
    )
    pk = world.space.pk
    pages = {
        "agenda": reverse("trajectories:agenda", args=[pk]),
        "appointment": reverse("trajectories:appointment", args=[pk, shared.pk]),
        "new appointment": reverse("trajectories:item_create", args=[pk, "agenda-afspraken"]),
        "documents": reverse("trajectories:documents", args=[pk]),
        "new file": reverse("trajectories:document_create", args=[pk]),
        "new text": reverse("trajectories:document_create", args=[pk]) + "?soort=tekst",
        "text document": reverse("trajectories:document", args=[pk, text.pk]),
        "overview": reverse("trajectories:overview", args=[pk]),
    }
    return world, text, pages


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_agenda_and_document_pages_have_no_accessibility_violations(
    viewport, page_factory, axe, space_pages, browser_site
):
    world, _text, pages = space_pages
    size = VIEWPORTS[viewport]
    phone = viewport != "desktop"
    page = page_factory(**size, is_mobile=phone, has_touch=phone)
    log_in_browser(page, world.users["young"], browser_site)
    problems = []
    for name, path in pages.items():
        problems += check(page, axe, name, path, width=size["width"] if phone else None)
    assert not problems, "\n\n".join(problems)


def test_a_stale_save_in_the_browser_shows_both_texts_and_keeps_mine(page_factory, axe, space_pages, browser_site):
    """Two people edit the same version: the second save is refused with both texts on screen and nothing lost."""
    world, text, pages = space_pages
    page = page_factory(width=320, height=640, is_mobile=True, has_touch=True)
    log_in_browser(page, world.users["young"], browser_site)
    page.goto(pages["text document"])
    page.locator("textarea[name=text]").fill("Zaterdag thuis, zondag bij oma.")
    documents.text_save(document=text, by=world.users["parent"], text="Zaterdag bij papa.", based_on=1)
    page.browser_problems.clear()
    with page.expect_navigation():
        page.locator("main form:has(textarea[name=text]) button[type=submit]").click()
    assert urlsplit(page.url).path == pages["text document"]
    alert = page.locator("[role=alert]").first
    assert alert.is_visible()
    assert "Zaterdag bij papa." in page.locator(".document-text--theirs").inner_text()
    assert page.locator("textarea[name=text]").input_value() == "Zaterdag thuis, zondag bij oma."
    violations = axe.violations(page)
    assert not violations, violations
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert not [p for p in page.browser_problems if "409" not in p], page.browser_problems
