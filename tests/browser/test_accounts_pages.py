"""The account pages of issue 4 in a real browser: asking for moderator rights (also with errors), "Mijn gegevens",
deleting the account and the invitation pages have no axe violation (WCAG 2.0–2.2 A/AA), one <h1>, no sideways
scrolling at 320 px and nothing refused by the CSP."""

import pytest
from django.test import Client

from core.invitations.services import invitation_create
from core.models import Role, RoleRequest, User
from tests.fixtures.browser import DESKTOP, PHONES, format_violations
from themes.factories import organisation_page, theme_page

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "320px": PHONES["320"]}


def log_in_browser(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def problems_on(page, axe, name, *, width, expect_status=200):
    problems = []
    if page.locator("main h1").count() != 1:
        problems.append(f"{name}: expected exactly one <h1> in <main>")
    violations = axe.violations(page)
    if violations:
        problems.append(f"{name}: " + format_violations(violations, page.url))
    if width is not None and page.evaluate("document.documentElement.scrollWidth") > width:
        problems.append(f"{name}: scrolls sideways at {width}px")
    if page.browser_problems:
        problems.append(f"{name}: browser reported " + "; ".join(page.browser_problems))
    return problems


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_account_pages_are_accessible(viewport, page_factory, axe, browser_site, home):
    organisation = organisation_page(title="Stad Gent")
    theme = theme_page(title="Mobiliteit", organisation=organisation)
    admin = User.objects.create_superuser(email="admin@example.org", password="x" * 14, display_name="Beheer")
    member = User.objects.create_user(email="lid@example.org", password="x" * 14, display_name="Lid")
    _invitation, token = invitation_create(email="nieuw@example.org", role=Role.MODERATOR, page=theme, by=admin)
    size = VIEWPORTS[viewport]
    phone = viewport != "desktop"
    width = size["width"] if phone else None
    problems = []

    visitor = page_factory(**size, is_mobile=phone, has_touch=phone)
    visitor.goto(f"/uitnodiging/{token}/")
    assert visitor.locator("main button[name=action][value=signup]").count() == 1
    problems += problems_on(visitor, axe, "invitation", width=width)
    response = visitor.goto("/uitnodiging/niet-bestaand/")
    assert response.status == 404
    visitor.browser_problems.clear()  # the 404 itself is expected
    problems += problems_on(visitor, axe, "invalid invitation", width=width)

    page = page_factory(**size, is_mobile=phone, has_touch=phone)
    log_in_browser(page, member, browser_site)
    for name, path in {
        "role request": "/account/rechten-aanvragen/",
        "my data": "/account/mijn-gegevens/",
        "delete account": "/account/mijn-gegevens/verwijderen/",
    }.items():
        page.goto(path)
        problems += problems_on(page, axe, name, width=width)

    # The role request form as it comes back with errors (seed 002: phone without spaces, work address).
    page.goto("/account/rechten-aanvragen/")
    page.locator("select[name=organisation]").select_option(label="Stad Gent")
    page.locator("input[name=work_phone]").fill("bel me")
    page.locator("input[name=work_email]").fill("geen-adres")
    page.locator("textarea[name=reason]").fill("Ik beheer de werkgroepen van de stad.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator(".field--error").count() == 2
    assert page.locator("textarea[name=reason]").input_value() == "Ik beheer de werkgroepen van de stad."
    page.browser_problems.clear()  # the 400 answer of the form is expected
    problems += problems_on(page, axe, "role request with errors", width=width)

    # Seed 002: the filled-in form is checked on a summary before it is confirmed.
    page.locator("input[name=work_phone]").fill("+32491166542")
    page.locator("input[name=work_email]").fill("jan@gent.be")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert page.locator("main button[name=confirm]").count() == 1
    problems += problems_on(page, axe, "role request summary", width=width)
    with page.expect_navigation():
        page.locator("main button[name=confirm]").click()
    assert page.locator("main form select[name=organisation]").count() == 1  # back on the form
    assert RoleRequest.objects.filter(user=member, work_phone="+32491166542").count() == 1
    assert not problems, "\n\n".join(problems)
