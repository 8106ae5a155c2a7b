"""A moderator's work in the administration, in a real browser (issue 4 §1 and its Tests section).

The moderator logs in through the real allauth form with their authenticator code (the administration needs
two-step verification: SEC-11), sees what waits for them on the dashboard ("te modereren"), approves a request to
join the closed theme and a post in the open theme from the queues, and the member receives both decisions by
e-mail over real SMTP (aiosmtpd). Nearest forbidden cases: refusing without a reason changes nothing and says
why; the queue never shows the theme they do not moderate. axe-core (WCAG 2.0–2.2 A/AA) on the dashboard and
both queues, at desktop width and at 320 px.

The interface strings are read from the Dutch catalogue (what the moderator reads), through gettext, so the test
follows the catalogue as the lead merges the translations.
"""

from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.utils import translation

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.groups import services
from participation.models import Membership, MembershipStatus, Post, PostStatus
from tests.conftest import make_user
from tests.fixtures.browser import assert_no_browser_problems
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-42"  # make_user's default
TITLE = "Meer fietsenstallingen aan de school"


def nl(msgid, **params):
    with translation.override("nl"):
        text = translation.gettext(msgid)
    return text % params if params else text


def nl_plural(singular, plural, count):
    """A message with plural forms, in Dutch (gettext of its singular alone finds nothing on Debian's Python 3.11.2)."""
    with translation.override("nl"):
        return translation.ngettext(singular, plural, count) % {"count": count}


def verified_user(email, display_name):
    user = make_user(email, display_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def totp_code(secret):
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def world(organisation):
    open_theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    closed_theme = theme_page(title="Jeugdraad", organisation=organisation, group_type=GroupType.CLOSED)
    elsewhere = theme_page(title="Sportraad", organisation=organisation, group_type=GroupType.CLOSED)
    category = factories.category(page=open_theme, name="Idee")
    moderator = verified_user("beheerder@example.org", "Beheerder Bart")
    assign_role(user=moderator, role=Role.MODERATOR, page=open_theme)
    assign_role(user=moderator, role=Role.MODERATOR, page=closed_theme)
    secret = generate_totp_secret()
    TOTP.activate(moderator, secret)
    member = verified_user("an@example.org", "Fietser An")
    services.membership_join(user=member, theme=open_theme)
    services.membership_join(user=member, theme=closed_theme)
    post = factories.post(author=member, page=open_theme, title=TITLE, category=category, status=PostStatus.PENDING)
    stranger = verified_user("sam@example.org", "Sporter Sam")
    services.membership_join(user=stranger, theme=elsewhere)

    class World:
        pass

    world = World()
    world.open_theme, world.closed_theme, world.moderator, world.secret = open_theme, closed_theme, moderator, secret
    world.member, world.post = member, post
    return world


def log_in_to_admin(page, world):
    page.goto("/account/login/?next=/admin/")
    page.locator("input[name=login]").fill(world.moderator.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()
    assert urlsplit(page.url).path == "/account/2fa/authenticate/"
    page.locator("input[name=code]").fill(totp_code(world.secret))
    with page.expect_navigation():
        page.locator("main form:has(input[name=code]) button[type=submit]:not([form])").click()
    assert urlsplit(page.url).path == "/admin/"


def settled(page):
    """The page as it rests once Wagtail's messages have faded in (axe would judge their colours half-way): every
    running animation is brought to its end at once. Waiting for them took 25 s a page: the admin's count badge
    pulses five times ("ping-warning")."""
    page.wait_for_timeout(150)  # the messages controller adds its "appear" class after 100 ms
    page.evaluate(
        """document.getAnimations().forEach(animation => {
            try { animation.finish(); } catch (error) { animation.cancel(); }  // an endless one cannot finish
        })"""
    )
    return page


def click_and_wait(page, locator):
    with page.expect_navigation():
        locator.click()


def test_moderator_approves_a_membership_and_a_post_and_the_member_is_told(page, page_factory, world, axe, smtp_sink):
    from core.outbox.services import deliver_pending

    approved_one = nl_plural("%(count)s item approved.", "%(count)s items approved.", 1)
    log_in_to_admin(page, world)

    # --- The dashboard says what waits: one request to join, one post.
    panel = page.locator("#moderation-queues-section")
    assert nl("To moderate: %(count)s", count=2) in panel.inner_text()
    assert "Sportraad" not in page.content()  # a theme they do not moderate
    axe.assert_no_violations(settled(page))

    # --- The membership queue: An asks to join Jeugdraad; approve.
    click_and_wait(page, panel.get_by_role("link", name=nl("Membership requests"), exact=False))
    row = page.locator("tbody tr").filter(has_text="Fietser An")
    assert row.count() == 1 and "Jeugdraad" in row.inner_text()
    assert "Sporter Sam" not in page.locator("main").inner_text()
    axe.assert_no_violations(settled(page))
    click_and_wait(page, row.get_by_role("button", name=nl("Approve"), exact=False))
    assert approved_one in page.locator(".messages").inner_text()
    membership = Membership.objects.get(user=world.member, theme=world.closed_theme)
    assert membership.status == MembershipStatus.APPROVED and membership.decided_by == world.moderator

    # --- The posts queue: refusing without a reason is refused, the post keeps waiting.
    click_and_wait(page, page.locator("nav.moderation-tabs a").nth(1))
    row = page.locator("tbody tr").filter(has_text=TITLE)
    assert "Mobiliteit" in row.inner_text() and "Fietser An" in row.inner_text()
    row.locator("input[type=checkbox]").check()
    click_and_wait(page, page.get_by_role("button", name=nl("Refuse selected")))
    assert nl("Say why you refuse: the author will read it.") in page.locator("#reason-error").inner_text()
    assert Post.objects.get(pk=world.post.pk).status == PostStatus.PENDING
    axe.assert_no_violations(settled(page))
    page.browser_problems.clear()  # Chromium logs the 400 answer as a failed resource

    # --- Approve it.
    row = page.locator("tbody tr").filter(has_text=TITLE)
    click_and_wait(page, row.get_by_role("button", name=nl("Approve"), exact=False))
    assert approved_one in page.locator(".messages").inner_text()
    world.post.refresh_from_db()
    assert world.post.status == PostStatus.PUBLISHED
    assert nl("Nothing waiting here. Well done!") in page.locator("main").inner_text()
    assert_no_browser_problems(page)

    # --- At 320 px the queue is still usable without sideways scrolling.
    narrow = page_factory(width=320, height=640)
    narrow.context.add_cookies(page.context.cookies())
    narrow.goto(page.url)
    assert narrow.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    axe.assert_no_violations(settled(narrow))

    # --- The member receives both decisions by e-mail, over SMTP.
    deliver_pending()
    smtp_sink.wait_for(2)
    to_member = smtp_sink.to(world.member.email)
    texts = [f"{message['Subject']}\n{smtp_sink.body(message)}" for message in to_member]
    assert any("Jeugdraad" in text for text in texts), texts
    assert any(TITLE in text for text in texts), texts
    assert not smtp_sink.to("sam@example.org")
