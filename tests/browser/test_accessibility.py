"""WCAG 2.2 AA in a real browser: axe-core finds no violation on the public pages, at desktop and phone widths.

The pages carry the demo content (`manage.py seed_demo`: logos, timelines, subthemes, member organisations),
so axe judges what `make run` shows people, with the site CSS loaded and the strict CSP enforced.
At 320 px (WCAG 1.4.10 reflow) and 375 px nothing may scroll sideways.
"""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import Client, override_settings

from core.models import Role, User
from core.pages.selectors import visible_pages
from tests.fixtures.browser import DESKTOP, PHONES, ensure_wagtail_tree, format_violations
from tests.fixtures.flush import remember_rows, restore_migrated_rows, restore_rows
from themes.models import HomePage, ThemePage

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, **{f"{width}px": size for width, size in PHONES.items()}}


def path_of(page_obj):
    return urlsplit(page_obj.get_url()).path


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, seeded once for the module and copied aside (tests/fixtures/flush.py), with its media folder and the
    pages to check. Seeding took 2.7 s, more than most of the checks; writing the copy back takes a tenth of that.
    The database is left as migrated, as after any transactional test."""
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=media), django_db_blocker.unblock():
        ensure_wagtail_tree()
        call_command("seed_demo", stdout=StringIO())
        pages = _pages_to_check()
        remember_rows("demo")
        restore_migrated_rows()
    return media, pages


def _pages_to_check():
    """The public theme with most subthemes, its organisation, one of its subthemes, and one theme of every other
    working-group type (their pages explain the type)."""
    themes = list(visible_pages(AnonymousUser(), ThemePage.objects.all()).order_by("path"))
    theme = max(themes, key=lambda page: page.get_children().live().count())
    subtheme = theme.get_children().live().first()
    pages = {
        "home": path_of(HomePage.objects.get()),
        "organisation": path_of(theme.get_parent()),
        "theme": path_of(theme),
        "login": "/account/login/",
        "registration": "/account/signup/",
    }
    if subtheme is not None:
        pages["subtheme"] = path_of(subtheme)
    for other in themes:
        if other.group_type != theme.group_type and f"{other.group_type} theme" not in pages:
            pages[f"{other.group_type} theme"] = path_of(other)
    return pages


@pytest.fixture
def demo_pages(demo, browser_site, settings):
    """The demo content in the live server's database for this test (emptied again when it ends, like every
    transactional test), and the pages to check."""
    media, pages = demo
    settings.MEDIA_ROOT = media
    restore_rows("demo")
    return pages


def check(page, axe, name, path, *, width):
    """Problems a user would meet on one page: failed load, axe violations, sideways scrolling, CSP refusals."""
    problems = []
    page.browser_problems.clear()
    response = page.goto(path)
    if response is None or response.status != 200:
        return [f"{name} ({path}): answered {response.status if response else 'nothing'}"]
    if page.locator("main h1").count() != 1:
        problems.append(f"{name} ({path}): expected exactly one <h1> in <main>")
    violations = axe.violations(page)
    if violations:
        problems.append(f"{name}: " + format_violations(violations, path))
    if width is not None:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > width + 1)
                    .slice(0, 5).map(el => el.outerHTML.slice(0, 120))""",
                width,
            )
            problems.append(
                f"{name} ({path}): scrolls sideways at {width}px (scrollWidth {scroll_width}); wide: {wide}"
            )
    if page.browser_problems:
        problems.append(f"{name} ({path}): browser reported " + "; ".join(page.browser_problems))
    return problems


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_public_pages_have_no_accessibility_violations(viewport, page_factory, axe, demo_pages):
    """Home, organisation, theme, subtheme, login and registration: zero axe violations (WCAG 2.0–2.2 A/AA)."""
    size = VIEWPORTS[viewport]
    phone = viewport != "desktop"
    page = page_factory(**size, is_mobile=phone, has_touch=phone)
    problems = []
    for name, path in demo_pages.items():
        problems += check(page, axe, name, path, width=size["width"] if phone else None)
    problems += check_form_with_errors(page, axe, width=size["width"] if phone else None)
    assert not problems, "\n\n".join(problems)


def check_form_with_errors(page, axe, *, width):
    """The registration form as it comes back with errors: messages tied to fields must stay accessible."""
    page.goto("/account/signup/")
    page.locator("input[name=email]").fill("iemand@example.org")
    page.locator("input[name=display_name]").fill("x")
    page.locator("input[name=password1]").fill("kort")
    page.locator("input[name=password2]").fill("anders")
    page.browser_problems.clear()
    with page.expect_navigation():
        page.locator("main form:has(input[name=password1]) button[type=submit]").click()
    if page.locator("[aria-invalid=true], .field--error").count() == 0:
        return ["registration with errors: the form came back without any field marked as wrong"]
    problems = []
    violations = axe.violations(page)
    if violations:
        problems.append("registration with errors: " + format_violations(violations, page.url))
    if width is not None and page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"registration with errors: scrolls sideways at {width}px")
    if page.browser_problems:
        problems.append("registration with errors: browser reported " + "; ".join(page.browser_problems))
    return problems


def log_in_browser(page, user, base_url):
    """Give the browser a session of `user` (the login form itself is covered by test_registration_flow)."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


@pytest.mark.parametrize(
    "who, viewport", [("member", "desktop"), ("member", "320px"), ("editor", "desktop"), ("editor", "320px")]
)
def test_pages_of_a_logged_in_person_have_no_accessibility_violations(
    who, viewport, page_factory, axe, demo_pages, browser_site
):
    """The header changes once logged in (profile, log-out button; Wagtail's user bar for editors)."""
    members = User.objects.filter(is_staff=False, is_superuser=False, role_assignments=None)
    person = members.first() if who == "member" else User.objects.filter(role_assignments__role=Role.EDITOR).first()
    assert person is not None, f"seed_demo made no {who}"
    size = VIEWPORTS[viewport]
    phone = viewport != "desktop"
    page = page_factory(**size, is_mobile=phone, has_touch=phone)
    log_in_browser(page, person, browser_site)
    pages = {"home": demo_pages["home"], "theme": demo_pages["theme"], "profile": "/account/profiel/"}
    problems = []
    for name, path in pages.items():
        problems += check(page, axe, name, path, width=size["width"] if phone else None)
    assert page.locator("header form[action$='/account/logout/']").count() == 1, "the browser is not logged in"
    assert not problems, "\n\n".join(problems)
