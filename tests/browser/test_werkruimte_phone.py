"""A young person's space on a phone (issue 15, Tests): at 320 and 375 px every page of the space starts its own
content within the first screen, scrolls nowhere sideways and has no axe violation (WCAG 2.0–2.2 A/AA); the
invitation goes from the mail to the space in one go.

Driven through Debian's Chromium against the live server (Dutch interface, strict CSP).
"""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.test import Client

from core.models import OutboundMessage, User
from tests.fixtures.browser import assert_no_browser_problems, format_violations
from tests.trajectories.world import build_world
from trajectories import factories
from trajectories.messaging import services as messaging
from trajectories.models import Audience, Participant, ParticipantStatus, Role
from trajectories.network import services as network
from trajectories.spaces import services as spaces

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://[^\s]+?(/werkruimte/uitnodiging/[^/\s]+/)")


@pytest.fixture
def world(browser_site, organisation, other_organisation):
    world = build_world(organisation, other_organisation)
    young, pro = world.seats["young"], world.seats["pro_a"]
    goal = factories.goal(trajectory=world.space, author=pro, title="Zelfstandig naar school gaan met de bus")
    factories.action(trajectory=world.space, author=pro, goal=goal)
    factories.log_entry(trajectory=world.space, author=young, audience=Audience.EVERYONE)
    thread = messaging.thread_start(
        trajectory=world.space,
        by=world.users["young"],
        subject="Weekend thuis",
        text="Mag ik dit weekend naar huis?",
        audience=Audience.EVERYONE,
    )
    messaging.message_send(thread=thread, by=world.users["pro_a"], text="Ik vraag het na en laat het je weten.")
    for name, circle in (("Mama", "gezin"), ("Juffrouw Annemarie Vandenbroucke", "school"), ("Bram", "vrienden")):
        network.social_map_add_person(trajectory=world.space, by=world.users["young"], name=name, circle=circle)
    return world


def log_in_browser(page, user, base_url):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": base_url}])


def space_pages(page, space):
    page.goto(f"/werkruimte/{space.pk}/")
    hrefs = page.eval_on_selector_all(".space-nav a", "links => links.map(a => a.getAttribute('href'))")
    extra = [f"/werkruimte/{space.pk}/netwerk/mijn-kaart/"]
    return list(dict.fromkeys(hrefs + [h for h in extra if h not in hrefs]))


def test_every_page_of_the_space_starts_in_the_first_screen_without_sideways_scroll(
    phone_page, axe, world, browser_site
):
    page = phone_page
    width, height = page.viewport_size["width"], page.viewport_size["height"]
    log_in_browser(page, world.users["young"], browser_site)
    paths = space_pages(page, world.space)
    assert len(paths) >= 9, paths  # Overzicht, the tools, people, who sees what, access log
    problems = []
    for path in paths:
        page.browser_problems.clear()
        response = page.goto(path)
        if response is None or response.status != 200:
            problems.append(f"{path}: answered {response.status if response else 'nothing'}")
            continue
        box = page.locator("main h1").bounding_box()
        # The page's own heading and the first lines under it are on the first screen.
        if box is None or box["y"] + box["height"] > height * 0.6:
            problems.append(f"{path}: <h1> starts at {box and round(box['y'])}px of {height}px")
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            problems.append(f"{path}: scrolls sideways at {width}px (scrollWidth {scroll_width})")
        violations = axe.violations(page)
        if violations:
            problems.append(format_violations(violations, path))
        if page.browser_problems:
            problems.append(f"{path}: " + "; ".join(page.browser_problems))
    assert not problems, "\n".join(problems)


def invitation_path(email):
    bodies = [message.body for message in mail.outbox if email in message.to]
    bodies += list(OutboundMessage.objects.filter(email=email).order_by("pk").values_list("body", flat=True))
    found = [match.group(1) for match in (LINK.search(body) for body in bodies) if match]
    assert found, f"no invitation e-mail to {email}"
    return found[-1]


def test_from_the_invitation_mail_to_the_space_in_one_go(phone_page, axe, world, browser_site):
    """No themes to tick, no confirmation mail, no second log-in: a name, a password, and she is in."""
    page = phone_page
    spaces.participant_invite(
        trajectory=world.space, by=world.users["young"], email="lies@example.org", role=Role.NETWORK, relation="zus"
    )
    page.goto(invitation_path("lies@example.org"))
    assert urlsplit(page.url).path == "/werkruimte/uitnodiging/"  # the token left the address (SEC-19)
    axe.assert_no_violations(page)
    page.locator("input[name=display_name]").fill("Lies")
    page.locator("input[name=password]").fill("mijn kat slaapt heel veel")
    page.locator("input[name=password_again]").fill("mijn kat slaapt heel veel")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert urlsplit(page.url).path == f"/werkruimte/{world.space.pk}/"
    assert page.locator("main h1").count() == 1
    seat = Participant.objects.get(email="lies@example.org")
    assert seat.status == ParticipantStatus.ACTIVE and seat.user == User.objects.get(email="lies@example.org")
    assert_no_browser_problems(page)
