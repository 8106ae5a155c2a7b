"""The theme page on a phone (issue 14 §10), in Chromium at 375×812 with axe: with a full project block (goal,
audience, process, a timeline) the first post is visible without scrolling; the facets come before the posts behind
a "Filter" button that opens by keyboard; "Load more" puts its place in the URL so back and share keep it."""

import pytest

from participation import factories
from themes.factories import organisation_page, theme_page
from themes.models import GroupType

pytestmark = pytest.mark.browser

LONG = "Een lange uitleg over wat we willen bereiken, voor wie en hoe we het aanpakken. " * 6


@pytest.fixture
def full_theme(home, user_factory):
    organisation = organisation_page(title="Gemeente Testdorp", parent=home)
    theme = theme_page(
        title="Mobiliteit",
        organisation=organisation,
        group_type=GroupType.OPEN,
        intro="<p>Samen werken aan veilige wegen.</p>",
        goal=LONG,
        target_audience=LONG,
        process=LONG,
    )
    vraag = factories.category(page=theme, name="Vraag", icon="help")
    factories.filter_group(page=theme, name="Regio", options=["Noord", "Zuid"])
    author = user_factory("auteur@example.org", "Auteur")
    factories.membership(user=author, theme=theme)
    for number in range(25):
        factories.post(author=author, page=theme, title=f"Bericht {number}", category=vraag)
    return theme


def test_the_first_post_shows_without_scrolling_and_the_filter_opens_by_keyboard(page_factory, axe, full_theme):
    page = page_factory(width=375, height=812, is_mobile=True, has_touch=True)
    page.goto(full_theme.url)

    first_post = page.locator(".post-list .post-card").first
    box = first_post.bounding_box()
    title = first_post.locator(".post-card__title").bounding_box()
    assert title is not None and title["y"] + title["height"] <= 812, f"the first post's title ends at {title}px"
    assert page.locator(".project-summary").get_attribute("open") is None  # the project blocks are folded
    assert not page.locator("#facets-panel").is_visible()
    toggle = page.locator("[data-facets-toggle]")
    assert toggle.is_visible() and toggle.get_attribute("aria-expanded") == "false"
    assert toggle.bounding_box()["y"] < box["y"]  # reachable before the posts

    toggle.focus()
    page.keyboard.press("Enter")

    assert page.locator("#facets-panel").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.closest('#facets-panel') !== null")  # focus moved into the panel
    axe.assert_no_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_load_more_keeps_the_place_in_the_url(page_factory, full_theme):
    page = page_factory(width=375, height=812, is_mobile=True, has_touch=True)
    page.goto(full_theme.url)
    before = page.locator(".post-list .post-card").count()

    page.locator("#posts-more a.button").click()
    # A locator, not wait_for_function: polling a string expression needs eval, which the site's CSP forbids.
    page.locator(".post-list .post-card").nth(before).wait_for()

    assert "na=" in page.url
    page.reload()
    assert page.locator(".post-list .post-card").count() > 0
    assert "na=" in page.url
