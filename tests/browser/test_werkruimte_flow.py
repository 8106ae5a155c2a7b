"""A collaboration space (werkruimte) in a real browser (issue 5, Tests).

Driven through Debian's Chromium against the live server, with the site's strict CSP and the Dutch interface
(the browser asks for nl-BE; assertions use stable markup and the data, not wording). Steps and the nearest
forbidden case of each:

- a professional (two-step verification set up in the fixture; the real log-in with the code) starts a space
  and invites a young person and a parent by e-mail; both accept through the links in their e-mails;
- the young person, on a phone (320 px), writes a log entry for "alleen mijn begeleider" (chosen: the
  professional); the parent cannot see it (neither in the logbook nor by its address: 404), the professional
  can;
- a goal (by the professional, read by the young person), an appointment in the Agenda (read by the parent)
  and a message (the young person writes; it appears on the professional's open conversation within a few
  seconds, without reloading: htmx polls every 2 s);
- axe-core (WCAG 2.0–2.2 A/AA): zero violations on every tool page of the space at 320 px, where nothing
  scrolls sideways.
"""

import re
import time
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.core import mail

from core.models import OutboundMessage
from tests.conftest import make_user
from tests.fixtures.browser import assert_no_browser_problems
from trajectories.models import Goal, LogEntry, Participant, Trajectory

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-42"  # make_user's default
LINK = re.compile(r"https?://[^\s]+?(/werkruimte/uitnodiging/[^/\s]+/)")
SECRET_LOG = "Ik voel me niet goed op school, maar zeg het nog niet tegen mama."


def verified_user(email, display_name):
    user = make_user(email, display_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def totp_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def log_in(page, user, *, secret=None):
    page.goto("/account/login/?next=/werkruimte/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()
    if secret is not None:
        assert urlsplit(page.url).path == "/account/2fa/authenticate/"
        page.locator("input[name=code]").fill(totp_code(secret))
        with page.expect_navigation():
            page.locator("main form:has(input[name=code]) button[type=submit]:not([form])").click()
    assert urlsplit(page.url).path == "/werkruimte/", page.url


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def invitation_path(email):
    """The link in the newest invitation e-mail to `email` (sent directly or through the outbox)."""
    bodies = [message.body for message in mail.outbox if email in message.to]
    bodies += list(OutboundMessage.objects.filter(email=email).order_by("pk").values_list("body", flat=True))
    found = [LINK.search(body) for body in bodies]
    found = [match.group(1) for match in found if match]
    assert found, f"no invitation e-mail to {email}"
    return found[-1]


def accept_invitation(page, email):
    page.goto(invitation_path(email))
    assert urlsplit(page.url).path == "/werkruimte/uitnodiging/"
    click_and_wait(page, page.locator("main form button[name=answer][value=accept]"))


def no_sideways_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def forget_expected_refusals(page, status):
    expected = f"status of {status} "
    others = [problem for problem in page.browser_problems if expected not in problem]
    assert not others, "The browser reported problems:\n" + "\n".join(others)
    page.browser_problems.clear()


@pytest.fixture
def people(browser_site, organisation):
    from core.models import Role as SiteRole
    from core.roles.services import assign_role

    secret = generate_totp_secret()
    professional = verified_user("begeleider@example.org", "Begeleider Bram")
    TOTP.activate(professional, secret)
    # Only a care professional whom an organisation declared starts a space as a professional (issue 9).
    assign_role(user=professional, role=SiteRole.CARE_PROFESSIONAL, page=organisation)
    young = verified_user("sara@example.org", "Sara")
    parent = verified_user("mama@example.org", "Mama Els")
    return {"professional": professional, "secret": secret, "young": young, "parent": parent}


def test_professional_starts_a_space_young_person_writes_for_the_counsellor_only(page, page_factory, people, axe):
    from trajectories.access import Regie

    # --- The professional logs in with the code of their authenticator app and starts a space.
    log_in(page, people["professional"], secret=people["secret"])
    page.goto("/werkruimte/nieuw/")
    page.locator("input[name=title]").fill("Werkruimte van Sara")
    page.locator("input[name=role][value=professional]").check()
    regie = page.locator(f"input[name=regie][value={Regie.CLIENT_WITH_COUNSELLOR}]")
    if regie.count():
        regie.check()
    page.locator("input[name=name]").fill("Bram")
    page.locator("input[name=relation]").fill("begeleider")
    click_and_wait(page, page.locator("main form button[type=submit]").last)
    space = Trajectory.objects.get(title="Werkruimte van Sara")
    assert urlsplit(page.url).path == f"/werkruimte/{space.pk}/"
    base = f"/werkruimte/{space.pk}"

    # --- Invites the young person and the parent (e-mail, role, relation).
    for email, role, relation in (("sara@example.org", "client", ""), ("mama@example.org", "network", "mama")):
        page.goto(f"{base}/deelnemers/")
        form = page.locator(f"main form[action='{base}/deelnemers/uitnodigen/']")
        form.locator("input[name=email]").fill(email)
        form.locator(f"input[name=role][value={role}]").check()
        if relation:
            form.locator("input[name=relation]").fill(relation)
        click_and_wait(page, form.locator("button[type=submit]"))
        assert Participant.objects.filter(trajectory=space, email=email).exists()
    assert page.locator(".messages").inner_text().strip() != ""

    # --- Both accept through the link in their e-mail (the young person on a phone).
    phone = page_factory(width=320, height=640, is_mobile=True, has_touch=True)
    log_in(phone, people["young"])
    accept_invitation(phone, "sara@example.org")
    assert urlsplit(phone.url).path == f"{base}/"
    mum = page_factory()
    log_in(mum, people["parent"])
    accept_invitation(mum, "mama@example.org")
    assert urlsplit(mum.url).path == f"{base}/"
    pro_seat = Participant.objects.get(trajectory=space, user=people["professional"])

    # --- The young person writes a log entry for "alleen mijn begeleider" (chosen: the professional).
    phone.goto(f"{base}/logboek/")
    phone.locator("textarea[name=text]").fill(SECRET_LOG)
    phone.locator("input[name=audience][value=chosen]").check()
    phone.locator(f"input[name=chosen][value='{pro_seat.pk}']").check()
    click_and_wait(phone, phone.locator("main form.logbook-form button[type=submit]"))
    entry = LogEntry.objects.get(trajectory=space)
    assert list(entry.chosen.all()) == [pro_seat]
    assert SECRET_LOG in phone.locator("main").inner_text()

    # Nearest forbidden case: the parent sees nothing of it, not in the logbook and not at its address.
    mum.goto(f"{base}/logboek/")
    assert "niet goed op school" not in mum.locator("main").inner_text()
    assert mum.goto(f"{base}/logboek/{entry.pk}/").status == 404
    assert "niet goed op school" not in mum.content()
    forget_expected_refusals(mum, 404)
    page.goto(f"{base}/logboek/")
    assert SECRET_LOG in page.locator("main").inner_text()

    # --- A goal: the professional adds it, the young person reads it in the plan.
    page.goto(f"{base}/doelen/nieuw/")
    page.locator("input[name=title]").fill("Elke dag naar school")
    page.locator("input[name=audience][value=everyone]").check()
    click_and_wait(page, page.locator("main form.space-form button[type=submit]").first)
    assert Goal.objects.filter(trajectory=space, title="Elke dag naar school").exists()
    phone.goto(f"{base}/plan/")
    assert "Elke dag naar school" in phone.locator("main").inner_text()

    # --- An appointment in the Agenda: the professional plans it, the parent sees it.
    from trajectories.agenda.models import Appointment

    page.goto(f"{base}/agenda-afspraken/nieuw/")
    page.locator("input[name=title]").fill("Gesprek op school")
    tomorrow = time.localtime(time.time() + 86400)
    page.locator("input[name=date]").fill(time.strftime("%Y-%m-%d", tomorrow))
    page.locator("input[name=start]").fill("10:00")
    page.locator("input[name=end]").fill("11:00")
    page.locator("input[name=place]").fill("School")
    page.locator("input[name=audience][value=everyone]").check()
    click_and_wait(page, page.locator("main form.space-form button[type=submit]").first)
    assert Appointment.objects.filter(trajectory=space, title="Gesprek op school").exists(), page.locator(
        "main"
    ).inner_text()
    mum.goto(f"{base}/agenda/")
    assert "Gesprek op school" in mum.locator("main").inner_text()

    # --- A message: the young person starts a conversation with the professional; a new message appears on the
    # professional's open conversation without reloading (htmx polls every 2 s).
    phone.goto(f"{base}/berichten/nieuw/")
    phone.locator("input[name=subject]").fill("Weekend")
    phone.locator("textarea[name=text]").fill("Mag ik zaterdag thuis slapen?")
    phone.locator("input[name=audience][value=chosen]").check()
    phone.locator(f"input[name=chosen][value='{pro_seat.pk}']").check()
    click_and_wait(phone, phone.locator("main form.space-form button[type=submit]").first)
    thread_path = urlsplit(phone.url).path
    assert re.fullmatch(rf"{base}/berichten/\d+/", thread_path)
    page.goto(thread_path)
    assert "Mag ik zaterdag thuis slapen?" in page.locator("#thread-messages").inner_text()
    page.evaluate("window.__noReload = true")
    # Sending is in place too (issue 15 §7): htmx posts the form, empties it and the message shows at once.
    phone.evaluate("window.__noReload = true")
    phone.locator("textarea[name=text]").fill("Of zondag?")
    phone.locator("main form.message-form button[type=submit]").click()
    phone.locator("#thread-messages").get_by_text("Of zondag?").wait_for(timeout=6000)
    assert phone.evaluate("window.__noReload === true")  # the writer's page was not reloaded either
    assert phone.locator("textarea[name=text]").input_value() == ""
    page.locator("#thread-messages").get_by_text("Of zondag?").wait_for(timeout=6000)
    assert page.evaluate("window.__noReload === true")  # the same page: nothing was reloaded
    assert mum.goto(thread_path).status == 404  # the parent is not in the conversation
    forget_expected_refusals(mum, 404)

    # --- axe-core at 320 px on every tool page of the space (the young person's phone), nothing scrolls sideways.
    tool_paths = [
        urlsplit(href).path for href in phone.eval_on_selector_all("nav.space-nav a", "links => links.map(a => a.href)")
    ]
    assert f"{base}/berichten/" in tool_paths and f"{base}/netwerk/" in tool_paths
    for path in [*tool_paths, thread_path, f"{base}/netwerk/mijn-kaart/", f"{base}/berichten/nieuw/"]:
        phone.goto(path)
        axe.assert_no_violations(phone)
        assert no_sideways_scroll(phone), f"{path} scrolls sideways at 320 px"
    for browser_page in (page, phone, mum):
        assert_no_browser_problems(browser_page)
