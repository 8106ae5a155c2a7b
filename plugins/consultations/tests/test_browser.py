# ruff: noqa: F811 - the site's browser fixtures are imported here (this folder is outside tests/) and used as arguments
"""A member takes part in all four kinds in a real browser at 320 px, with the keyboard only (WCAG 2.1.1), and
axe-core finds no WCAG 2.0–2.2 A/AA violation on any of the pages, with nothing scrolling sideways (1.4.10).

Debian's Chromium against the live server, the site's strict CSP enforced (no inline script or style: the
plugin's JavaScript and CSS are static files), the Dutch interface. Steps: the enquête hides question 2 until
question 1 is "ja" (a condition); the budget vote shows what is left to spend; the scenarios are ranked with the
keyboard and a reason; a pin is dropped by typing its position, and appears on the plan and in the list.
"""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from participation.factories import membership
from tests.conftest import make_user
from tests.fixtures.browser import (  # noqa: F401 - fixtures and the flush hook of the site's browser tests
    assert_no_browser_problems,
    axe,
    browser,
    browser_site,
    format_violations,
    page_factory,
)
from themes.factories import home_page, image, organisation_page, theme_page
from werkgroepen_consultations.consultation.models import Ballot
from werkgroepen_consultations.factories import consultation, switch_on
from werkgroepen_consultations.plans.models import Pin
from werkgroepen_consultations.surveys.models import QuestionKind

pytestmark = pytest.mark.browser
WIDTH = 320
PASSWORD = "een-lang-wachtwoord-42"  # noqa: S105 - make_user's default


@pytest.fixture
def world(browser_site, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    home_page()
    organisation = organisation_page(title="Gemeente Houtem")
    switch_on(organisation)
    theme = theme_page(title="Begroting 2027", organisation=organisation)
    person = make_user("inwoner@example.org", "Inwoner")
    EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    membership(user=person, theme=theme)
    world = {
        "person": person,
        "survey": consultation(
            parent=theme,
            title="Enquête prioriteiten",
            kind="survey",
            results_policy="live",
            questions=[
                {"section": "Over jou", "text": "Woon je in Houtem?", "kind": QuestionKind.YES_NO, "required": True},
                {
                    "section": "Over jou",
                    "text": "In welke wijk?",
                    "kind": QuestionKind.SINGLE,
                    "required": True,
                    "choices": "Centrum\nNoord",
                    "condition_question": 1,
                    "condition_answer": "ja",
                },
                {"section": "Wensen", "text": "Wat wil je nog kwijt?", "kind": QuestionKind.LONG_TEXT},
            ],
        ),
        "vote": consultation(
            parent=theme,
            title="Burgerbudget",
            kind="vote",
            vote_mode="budget",
            budget=100000,
            results_policy="live",
            audience="theme_members",
            options=[("Speeltuin", 60000), ("Fietsstraat", 30000), ("Bomen", 20000)],
        ),
        "scenarios": consultation(
            parent=theme,
            title="Marktplein",
            kind="scenarios",
            results_policy="live",
            scenarios=[{"title": "Groen plein", "figures": "Kostprijs: 2 miljoen euro"}, {"title": "Parking"}],
        ),
        "plan": consultation(
            parent=theme,
            title="Plan centrum",
            kind="plan",
            results_policy="live",
            plan_image=image(title="Plan van het centrum", width=600, height=400),
            pin_categories="Idee\nProbleem",
        ),
    }
    return world


def path(page_obj):
    return urlsplit(page_obj.get_url()).path


def check(page, axe, name):
    """axe's violations, sideways scrolling and browser problems on the page as it is now."""
    problems = []
    violations = axe.violations(page)
    if violations:
        problems.append(f"{name}: " + format_violations(violations, page.url))
    if page.evaluate("document.documentElement.scrollWidth") > WIDTH:
        problems.append(f"{name}: scrolls sideways at {WIDTH}px")
    if page.browser_problems:
        problems.append(f"{name}: " + "; ".join(page.browser_problems))
        page.browser_problems.clear()
    return problems


def submit_with_enter(page, locator):
    """Focus the button and press Enter, as a keyboard user does; wait for the page that answers."""
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_a_member_takes_part_in_every_kind_with_the_keyboard_at_320px(page_factory, axe, world):
    page = page_factory(width=WIDTH, height=640, is_mobile=True, has_touch=True)
    person = world["person"]
    page.goto("/account/login/?next=/")
    page.locator("input[name=login]").fill(person.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("input[name=password]").press("Enter")
    problems = []

    # The enquête: question 2 shows only once question 1 is "ja".
    page.goto(path(world["survey"]))
    problems += check(page, axe, "enquête")
    second = page.locator("#question-2")
    yes, no = page.get_by_label("ja", exact=True), page.get_by_label("nee", exact=True)
    no.press("Space")
    expect(second).to_be_hidden()
    yes.press("Space")
    expect(second).to_be_visible()
    page.get_by_label("Noord").press("Space")
    page.get_by_role("textbox", name="Wat wil je nog kwijt?").press_sequentially("Meer bomen")
    problems += check(page, axe, "enquête, question 2 shown")
    submit_with_enter(page, page.get_by_role("button", name="Verstuur mijn antwoorden"))
    expect(page.locator(".messages")).to_contain_text("Bedankt! Je antwoorden zijn binnen.")
    expect(page.locator("#results")).to_contain_text("Noord")

    # The budget vote: what is left to spend follows the choice.
    page.goto(path(world["vote"]))
    page.get_by_label("Speeltuin").press("Space")
    page.get_by_label("Fietsstraat").press("Space")
    expect(page.locator(".budget-left")).to_contain_text("10.000")
    problems += check(page, axe, "budget vote")
    submit_with_enter(page, page.get_by_role("button", name="Breng mijn stem uit"))
    expect(page.locator(".messages")).to_contain_text("Bedankt! Je stem is binnen.")

    # The scenarios: places typed on the keyboard, with a reason.
    page.goto(path(world["scenarios"]))
    problems += check(page, axe, "scenarios")
    page.get_by_label('Plaats van "Groen plein"').press("1")
    page.get_by_label('Plaats van "Parking"').press("2")
    page.get_by_label("Waarom deze volgorde?").press_sequentially("Meer groen, minder auto's.")
    submit_with_enter(page, page.get_by_role("button", name="Verstuur mijn volgorde"))
    expect(page.locator(".messages")).to_contain_text("Bedankt! Je volgorde van de scenario's is binnen.")

    # The plan: a pin by typing its position, on the plan and in the list beside it.
    page.goto(path(world["plan"]))
    page.get_by_label("Vanaf links (0 tot 100 %)").press_sequentially("25")
    page.get_by_label("Vanaf boven (0 tot 100 %)").press_sequentially("40")
    page.get_by_label("Categorie").press("P")  # "Probleem"
    page.get_by_label("Opmerking").press_sequentially("Gevaarlijk kruispunt")
    submit_with_enter(page, page.get_by_role("button", name="Prik de speld op het plan"))
    expect(page.locator(".pin-list")).to_contain_text("Gevaarlijk kruispunt")
    expect(page.locator(".plan__pin")).to_have_count(1)
    problems += check(page, axe, "plan with a pin")

    assert not problems, "\n".join(problems)
    assert_no_browser_problems(page)
    assert Ballot.objects.filter(user=person).count() == 3
    assert Pin.objects.get().category == "Probleem"
