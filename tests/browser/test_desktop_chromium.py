"""The desktop Chromium (`/usr/bin/chromium`) runs the site as the headless shell does.

The other browser tests run in Debian's headless shell when it is installed (tests/fixtures/browser.py): the same
Chromium release without the desktop browser around it, at a fraction of the CPU. This module opens pages in the
desktop browser as well, so a difference between the two builds would show here: the same release, a page with the
site's CSS, htmx and strict CSP, keyboard use, axe, and a phone width.
"""

import re

import pytest

from participation import factories
from tests.fixtures.browser import (
    DESKTOP,
    DESKTOP_CHROMIUM,
    PHONES,
    assert_no_browser_problems,
    launch_another_chromium,
    new_page,
)
from themes.factories import organisation_page, theme_page
from themes.models import GroupType

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def desktop_chromium(browser):
    """Debian's desktop Chromium, started through the Playwright driver that runs the other browser tests."""
    desktop = launch_another_chromium(browser, DESKTOP_CHROMIUM)
    yield desktop
    desktop.close()


@pytest.fixture
def desktop_page(desktop_chromium, browser_site):
    context, page = new_page(desktop_chromium, browser_site, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def theme_with_posts(home, user_factory):
    theme = theme_page(
        title="Mobiliteit",
        organisation=organisation_page(title="Gemeente Testdorp", parent=home),
        group_type=GroupType.OPEN,
        intro="<p>Samen werken aan veilige wegen.</p>",
    )
    author = user_factory("auteur@example.org", "Auteur")
    factories.membership(user=author, theme=theme)
    for number in range(25):
        factories.post(author=author, page=theme, title=f"Bericht {number}")
    return theme


def _release(version):
    return re.match(r"\d+\.\d+\.\d+\.\d+", version).group(0)


def test_the_desktop_browser_is_the_release_the_other_tests_run(browser, desktop_chromium):
    assert _release(desktop_chromium.version) == _release(browser.version)


def test_in_the_desktop_browser_a_theme_page_is_accessible_works_by_keyboard_and_loads_more(
    desktop_chromium, desktop_page, browser_site, axe, theme_with_posts
):
    page = desktop_page
    page.goto(theme_with_posts.url)
    assert page.get_by_role("heading", level=1).inner_text() == "Mobiliteit"
    axe.assert_no_violations(page)

    # WCAG 2.4.1: the first Tab shows the skip link, Enter moves focus to <main>.
    page.keyboard.press("Tab")
    assert page.locator("a.skip-link").evaluate("el => el === document.activeElement")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # htmx under the strict CSP: "Load more" adds posts and puts its place in the URL.
    before = page.locator(".post-list .post-card").count()
    page.locator("#posts-more a.button").click()
    page.locator(".post-list .post-card").nth(before).wait_for()
    assert "na=" in page.url
    assert_no_browser_problems(page)

    # WCAG 1.4.10: nothing scrolls sideways at 320 px.
    context, phone = new_page(desktop_chromium, browser_site, PHONES["320"], is_mobile=True, has_touch=True)
    try:
        phone.goto(theme_with_posts.url)
        assert phone.locator(".post-list .post-card").first.is_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= 320
        axe.assert_no_violations(phone)
        assert_no_browser_problems(phone)
    finally:
        context.close()
