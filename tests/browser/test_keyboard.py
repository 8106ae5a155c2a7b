"""Keyboard use in a real browser (WCAG 2.4.1 and 2.4.7): the skip link comes first and every control shows where
focus is. On a theme page of its own (the demo content of test_accessibility.py is not needed)."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def test_keyboard_users_can_skip_to_the_content_and_always_see_where_focus_is(page, theme):
    """WCAG 2.4.1 and 2.4.7: the first Tab shows the skip link, Enter moves focus to <main>; focus is visible."""
    page.goto(urlsplit(theme.get_url()).path)
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("el => el === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["y"] >= 0 and box["height"] > 0, "the focused skip link is off screen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Every link and control reached by Tab shows a focus indicator (outline or box shadow).
    page.goto(urlsplit(theme.get_url()).path)
    invisible = []
    for _ in range(25):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => { const el = document.activeElement; const s = getComputedStyle(el);
                return {tag: el.tagName, text: (el.innerText || el.value || el.name || '').slice(0, 40),
                        outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,
                        shadow: s.boxShadow !== 'none'}; }"""
        )
        if state["tag"] == "BODY":
            break
        if not (state["outline"] or state["shadow"]):
            invisible.append(f"{state['tag']} {state['text']!r}")
    assert not invisible, f"focus is invisible on: {invisible}"
