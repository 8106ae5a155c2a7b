"""The working groups in a real browser: join, post, moderate, find, star and react (issue: participation flow).

Driven through Debian's Chromium against the live server, with the site's strict CSP enforced and the Dutch
interface (the browser asks for nl-BE). Every visitor logs in through the real allauth form with a verified
address. Steps and the nearest forbidden case of each:

- a member of nobody cannot open the post form; after joining the open theme they can, and their post (with a
  category, a filter, **bold** text and a PDF) waits for approval: visitors get 404 on it and its attachment;
- the moderator approves it from the post page (the public site needs no MFA, the administration does: SEC-11);
- an anonymous visitor finds it on the theme page (with its facets) and through the header's search box, and
  downloads the attachment (SEC-07 headers) but gets no star button and no reaction form;
- another member stars it in place (htmx: no page load) and reacts; the reaction waits for the moderator;
- axe-core (WCAG 2.0–2.2 A/AA): zero violations on the theme page, the post page and the post form (also as it
  comes back with errors), at desktop width and at 320 px, where nothing scrolls sideways;
- without JavaScript, stars work through the plain form and "meer tonen" is a link (SEC-12: POST + CSRF);
- picking a member on the post form says at once who will see the post, and shields it without the box (issue 9).

Interface strings are asserted in Dutch: that is what people read (locale/nl/LC_MESSAGES/django.po).
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from playwright.sync_api import expect

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import Attachment, Membership, MembershipStatus, Post, PostStatus, Reaction, Star
from tests.conftest import make_user
from tests.fixtures.browser import assert_no_browser_problems, format_violations
from tests.participation.helpers import MINIMAL_PDF
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.browser

PASSWORD = "een-lang-wachtwoord-42"  # make_user's default
TITLE = "Trage fietsbrug aan het station"
BODY = "De brug is **veel te smal** voor fietsers en voetgangers samen."
REACTION = "Akkoord, ook een bakfiets kan er niet keren."

# The Dutch the catalogue gives for the messages and controls the flow relies on (msgid in the comment).
NL = {
    "join": "Inschrijven voor deze werkgroep",  # Join this working group
    "welcome": "Welkom! Je bent nu lid van Mobiliteit.",  # Welcome! You are now a member of %(theme)s.
    "new_post": "Nieuwe post",  # New post
    "submit_post": "Plaatsen",  # Post (the submit button)
    "post_waits": "Bedankt! Je bericht wacht op goedkeuring door een beheerder.",
    "waiting": "Wacht op goedkeuring",  # Waiting for approval (the badge)
    "approve_post": "Goedkeuren en publiceren",  # Approve and publish
    "post_published": "Het bericht is gepubliceerd.",  # The post has been published.
    "star": "Sterretje",  # Star
    "one_star": "1 ster",  # %(counter)s star
    "no_stars": "0 sterren",
    "place_reaction": "Reactie plaatsen",  # Place reaction
    "reaction_required": "Schrijf een reactie.",  # Write a reaction.
    "reaction_waits": "Bedankt! Je reactie wacht op goedkeuring door een beheerder.",
    "approve_reaction": "Reactie goedkeuren",  # Approve reaction
    "reaction_published": "De reactie is gepubliceerd.",  # The reaction has been published.
    "no_reactions": "Nog geen reacties.",  # No reactions yet.
    "one_reaction": "1 reactie",
    "load_more": "Meer laden",  # Load more (seed 000)
    "title_required": "Geef je bericht een titel.",  # Give your post a title.
    "correct_errors": "Verbeter de fouten hieronder.",  # Please correct the errors below.
    "members_only": "Enkel leden van deze werkgroep kunnen berichten plaatsen.",
    "search": "Zoeken",  # Search
    "mfa_first": "Stel eerst tweestapsverificatie in",  # Set up two-step verification before you open …
}


def path_of(page_obj):
    """A Wagtail page's path on the live server (its URL may be absolute when several sites exist)."""
    return urlsplit(page_obj.get_url()).path


def verified_user(email, display_name):
    """A person who registered and confirmed their address, so the real log-in form lets them in."""
    user = make_user(email, display_name)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def log_in(page, user, *, next_path="/"):
    page.goto(f"/account/login/?next={next_path}")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form:has(input[name=password]) button[type=submit]").click()
    assert page.locator("header form[action$='/account/logout/']").count() == 1, f"{user.email} is not logged in"
    assert urlsplit(page.url).path == next_path


def click_and_wait(page, locator):
    """Click a control that submits a form or follows a link, and wait for the page that answers."""
    with page.expect_navigation():
        locator.click()


def messages_text(page):
    box = page.locator(".messages")
    return box.inner_text() if box.count() else ""


def post_card(page, title):
    return page.locator("#post-list > li.post-card").filter(has=page.get_by_role("heading", name=title))


def forget_expected_refusals(page, status):
    """A refusal a step provoked on purpose (Chromium logs every 4xx page as a failed resource on the console);
    anything else the browser reported still fails the test."""
    expected = f"status of {status} "
    others = [problem for problem in page.browser_problems if expected not in problem]
    assert not others, "The browser reported problems:\n" + "\n".join(others)
    page.browser_problems.clear()


@pytest.fixture
def world(organisation, media_root):
    """An open theme with categories (Vraag, Idee) and a filter group (Regio: Noord, Zuid); a moderator; member A
    (not a member yet) and member B (an approved member), all with confirmed addresses."""
    theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    theme.vraag = factories.category(page=theme, name="Vraag", icon="help")
    theme.idee = factories.category(page=theme, name="Idee", icon="pick")
    theme.regio = factories.filter_group(page=theme, name="Regio", options=["Noord", "Zuid"])
    theme.noord, theme.zuid = theme.regio.options.order_by("sort_order")
    moderator = verified_user("beheerder@example.org", "Beheerder Bart")
    assign_role(user=moderator, role=Role.MODERATOR, page=theme)
    member_a = verified_user("an@example.org", "Fietser An")
    member_b = verified_user("bo@example.org", "Wandelaar Bo")
    factories.membership(user=member_b, theme=theme)

    class World:
        pass

    world = World()
    world.theme, world.moderator, world.member_a, world.member_b = theme, moderator, member_a, member_b
    world.theme_path = path_of(theme)
    return world


def test_member_joins_posts_moderator_approves_visitor_finds_it_member_stars_and_reacts(
    page, page_factory, world, tmp_path
):
    """The whole flow of the issue, each step with what the user sees and its nearest forbidden case."""
    theme = world.theme
    pdf = tmp_path / "verslag-fietsbrug.pdf"
    pdf.write_bytes(MINIMAL_PDF)

    # --- Member A logs in; not a member yet: no "Nieuwe post", and the form itself refuses them.
    log_in(page, world.member_a, next_path=world.theme_path)
    box = page.locator("#lidmaatschap")
    assert box.get_by_role("link", name=NL["new_post"]).count() == 0
    response = page.goto(f"/deelname/werkgroep/{theme.pk}/nieuw-bericht/")
    assert response.status == 403
    assert NL["members_only"] in page.locator("main").inner_text()
    assert page.locator("main form.post-form").count() == 0
    forget_expected_refusals(page, 403)

    # --- Joins the open theme: accepted at once, told so, and offered "Nieuwe post".
    page.goto(world.theme_path)
    click_and_wait(page, box.get_by_role("button", name=NL["join"]))
    assert NL["welcome"] in messages_text(page)
    assert urlsplit(page.url).path == world.theme_path
    assert Membership.objects.get(user=world.member_a, theme=theme).status == MembershipStatus.APPROVED
    click_and_wait(page, box.get_by_role("link", name=NL["new_post"]))
    assert urlsplit(page.url).path == f"/deelname/werkgroep/{theme.pk}/nieuw-bericht/"
    assert_no_browser_problems(page)

    # --- Writes the post: title, body with **bold**, category Idee, filter Zuid, a real PDF.
    page.get_by_label("Titel").fill(TITLE)
    page.locator("textarea[name=body]").fill(BODY)
    page.get_by_role("radio", name="Idee").check()
    page.get_by_role("checkbox", name="Zuid").check()
    page.locator("input[name=file_1]").set_input_files(str(pdf))
    click_and_wait(page, page.locator("main form.post-form").get_by_role("button", name=NL["submit_post"]))

    post = Post.objects.get(title=TITLE)
    assert urlsplit(page.url).path == post.get_absolute_url()
    assert NL["post_waits"] in messages_text(page)
    assert page.locator("main h1").inner_text().strip() == TITLE
    assert page.locator(".post__labels .badge--pending").inner_text().strip() == NL["waiting"]
    assert page.locator(".post__labels .badge--category").inner_text().strip() == "Idee"
    assert page.locator(".post__body strong").inner_text() == "veel te smal"
    assert page.locator(".post__body").inner_text().count("**") == 0
    assert "Regio: Zuid" in page.locator("main .tag-list").inner_text()
    assert page.locator(".attachment-list a").inner_text().strip() == pdf.name
    assert (post.status, post.category, list(post.filter_options.all())) == (
        PostStatus.PENDING,
        theme.idee,
        [theme.zuid],
    )
    attachment = Attachment.objects.get(post=post)
    assert (attachment.original_name, attachment.content_type) == (pdf.name, "application/pdf")
    assert_no_browser_problems(page)

    # Nearest forbidden case: while it waits, an anonymous visitor finds neither the post nor its attachment.
    visitor = page_factory()
    assert visitor.goto(post.get_absolute_url()).status == 404
    assert visitor.request.get(attachment.get_absolute_url()).status == 404
    forget_expected_refusals(visitor, 404)
    visitor.goto(world.theme_path)
    assert post_card(visitor, TITLE).count() == 0
    assert_no_browser_problems(visitor)

    # --- The moderator (staff: needs MFA for the administration, not for the public site) approves it.
    moderator = page_factory()
    log_in(moderator, world.moderator, next_path=post.get_absolute_url())
    assert moderator.locator(".post__labels .badge--pending").inner_text().strip() == NL["waiting"]
    moderation = moderator.locator("section.moderation")
    click_and_wait(moderator, moderation.get_by_role("button", name=NL["approve_post"]))
    assert NL["post_published"] in messages_text(moderator)
    assert moderator.locator(".post__labels .badge--pending").count() == 0
    assert moderator.locator("section.moderation").get_by_role("button", name=NL["approve_post"]).count() == 0
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    assert_no_browser_problems(moderator)
    # Nearest forbidden case: the administration sends them to set up two-step verification first.
    moderator.goto("/admin/")
    target = urlsplit(moderator.url)
    assert not target.path.startswith("/admin/")
    assert "/account/2fa/totp/activate/" in (target.path, *parse_qs(target.query).get("next", []))
    assert NL["mfa_first"] in messages_text(moderator)
    assert_no_browser_problems(moderator)

    # --- An anonymous visitor finds it on the theme page, with its category and filter as facets.
    visitor.goto(world.theme_path)
    card = post_card(visitor, TITLE)
    assert card.count() == 1
    assert card.locator(".badge--category").inner_text().strip() == "Idee"
    assert card.locator(".badge--pending").count() == 0
    assert "Zuid" in card.locator(".tag-list").inner_text()
    facets = visitor.locator("aside.facets")
    assert facets.get_by_role("link", name="Idee (1)").count() == 1
    assert facets.get_by_role("link", name="Zuid (1)").count() == 1
    assert_no_browser_problems(visitor)

    # … and through the search box in the header.
    visitor.locator("header").get_by_role("searchbox", name=NL["search"]).fill("fietsbrug")
    click_and_wait(visitor, visitor.locator("header").get_by_role("button", name=NL["search"]))
    assert urlsplit(visitor.url).path == "/zoeken/"
    hit = visitor.locator("main .search-results").get_by_role("link", name=TITLE)
    assert hit.count() == 1
    click_and_wait(visitor, hit)
    assert urlsplit(visitor.url).path == post.get_absolute_url()
    assert visitor.locator("main h1").inner_text().strip() == TITLE

    # Anonymous: a star total but no star button, no reaction form.
    assert visitor.locator("form.star-form").count() == 0
    assert visitor.locator(".star-total").inner_text().strip().endswith(NL["no_stars"])
    assert visitor.locator("textarea[name=body]").count() == 0

    # The attachment downloads: the real bytes, with the upload-hygiene headers (SEC-07).
    with visitor.expect_download() as download_info:
        visitor.locator(".attachment-list").get_by_role("link", name=pdf.name).click()
    download = download_info.value
    assert download.failure() is None
    assert download.suggested_filename == pdf.name
    assert open(download.path(), "rb").read() == MINIMAL_PDF
    response = visitor.request.get(attachment.get_absolute_url())
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.body() == MINIMAL_PDF
    assert_no_browser_problems(visitor)

    # --- Member B stars it with JavaScript: htmx swaps the button in place, no page load.
    member_b = page_factory()
    log_in(member_b, world.member_b, next_path=post.get_absolute_url())
    star = member_b.locator("main form.star-form button")
    assert star.get_attribute("aria-pressed") == "false"
    member_b.evaluate("window.__sameDocument = true")
    star.click()
    member_b.locator("main form.star-form button[aria-pressed=true]").wait_for()
    star = member_b.locator("main form.star-form button")
    assert member_b.evaluate("window.__sameDocument === true"), "starring reloaded the page"
    assert NL["one_star"] in star.inner_text()
    assert star.get_attribute("aria-pressed") == "true"
    assert Star.objects.filter(post=post, user=world.member_b).count() == 1
    assert Post.objects.get(pk=post.pk).star_count == 1
    assert_no_browser_problems(member_b)

    # … and reacts. Nearest forbidden case first: an empty reaction comes back in place with its error tied to
    # the field (htmx swaps the 400 answer in), and nothing is saved.
    member_b.locator("textarea[name=body]").fill("   ")
    member_b.get_by_role("button", name=NL["place_reaction"]).click()
    member_b.locator("#reacties textarea[name=body][aria-invalid=true]").wait_for()
    body = member_b.locator("#reacties textarea[name=body]")
    error_id = next(ref for ref in body.get_attribute("aria-describedby").split() if ref.endswith("_error"))
    assert member_b.locator(f"[id='{error_id}']").inner_text().strip() == NL["reaction_required"]
    assert member_b.evaluate("window.__sameDocument === true"), "the refused reaction reloaded the page"
    assert not Reaction.objects.filter(post=post).exists()
    forget_expected_refusals(member_b, 400)

    # The open theme pre-moderates, so the reaction waits and only its author sees it.
    member_b.locator("textarea[name=body]").fill(REACTION)
    member_b.get_by_role("button", name=NL["place_reaction"]).click()
    # htmx swaps the reactions and the message in place.
    member_b.locator("#reacties .reaction", has_text=REACTION).wait_for()
    member_b.locator(".messages", has_text=NL["reaction_waits"]).wait_for()
    assert member_b.evaluate("window.__sameDocument === true"), "reacting reloaded the page"
    reaction = Reaction.objects.get(post=post)
    assert reaction.status == PostStatus.PENDING
    assert NL["reaction_waits"] in messages_text(member_b)
    item = member_b.locator(f"#reactie-{reaction.pk}")
    assert REACTION in item.inner_text()
    assert item.locator(".badge--pending").inner_text().strip() == NL["waiting"]
    assert member_b.locator("main form.star-form button").get_attribute("aria-pressed") == "true"
    assert_no_browser_problems(member_b)

    visitor.reload()
    assert REACTION not in visitor.locator("main").inner_text()
    assert NL["no_reactions"] in visitor.locator("#reacties").inner_text()

    # --- The moderator approves the reaction; everyone sees it.
    moderator.goto(post.get_absolute_url())
    item = moderator.locator(f"#reactie-{reaction.pk}")
    click_and_wait(moderator, item.get_by_role("button", name=NL["approve_reaction"]))
    assert NL["reaction_published"] in messages_text(moderator)
    assert moderator.locator(f"#reactie-{reaction.pk} .badge--pending").count() == 0
    assert_no_browser_problems(moderator)

    visitor.reload()
    assert REACTION in visitor.locator(f"#reactie-{reaction.pk}").inner_text()
    assert visitor.locator("#reactions-heading").inner_text().strip() == NL["one_reaction"]
    assert visitor.locator(".star-total").inner_text().strip().endswith(NL["one_star"])
    assert_no_browser_problems(visitor)

    # Member B takes the star back, in place again.
    member_b.locator("main form.star-form button").click()
    member_b.locator("main form.star-form button[aria-pressed=false]").wait_for()
    assert NL["no_stars"] in member_b.locator("main form.star-form button").inner_text()
    assert not Star.objects.filter(post=post).exists()
    assert_no_browser_problems(member_b)


# --- Accessibility ------------------------------------------------------------------------------------------


def publish(post_or_reaction, moderator):
    from participation.posts import services

    if isinstance(post_or_reaction, Post):
        return services.post_approve(post=post_or_reaction, by=moderator)
    return services.reaction_approve(reaction=post_or_reaction, by=moderator)


@pytest.fixture
def busy_theme(world, settings):
    """The theme with what its pages show when in use: posts (one with a PDF, one waiting), reactions (one
    published, one waiting), a star, and more posts than fit on one page ("meer tonen")."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.content.services import check_upload
    from participation.posts import services

    settings.PARTICIPATION_PAGE_SIZE = 2
    theme, moderator, member_b = world.theme, world.moderator, world.member_b
    factories.membership(user=world.member_a, theme=theme)
    for number, category in enumerate([theme.vraag, theme.idee, theme.vraag], start=1):
        older = services.post_create(
            author=world.member_a,
            page=theme,
            title=f"Oudere vraag {number} over de ringweg",
            body="Hoe zit het met de *timing* van de werken?",
            category=category,
            filter_options=[theme.noord],
        )
        publish(older, moderator)
    pdf = check_upload(SimpleUploadedFile("plan.pdf", MINIMAL_PDF, content_type="application/pdf"))
    post = services.post_create(
        author=member_b,
        page=theme,
        title=TITLE,
        body=BODY + "\n\n- eerste punt\n- tweede punt",
        category=theme.idee,
        filter_options=[theme.zuid],
        files=[pdf],
    )
    publish(post, moderator)
    services.star_set(user=member_b, post=post, starred=True)
    reaction = services.reaction_create(author=world.member_a, post=post, body="Goed punt, **helemaal** akkoord.")
    publish(reaction, moderator)
    services.reaction_create(author=member_b, post=post, body=REACTION)  # waits for the moderator
    services.post_create(
        author=member_b, page=theme, title="Wachtend idee", body="Nog niet goedgekeurd.", category=theme.idee
    )
    world.post = post
    return world


VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "320px": {"width": 320, "height": 640}}


def problems_on(page, axe, name, *, width=None):
    """What a user would meet on the page as it is now: axe violations, sideways scrolling, browser problems."""
    problems = []
    # Closed <details> (refuse forms, shielding) hide content axe would skip: open them so it is checked too.
    page.evaluate("document.querySelectorAll('main details').forEach(details => { details.open = true; })")
    violations = axe.violations(page)
    if violations:
        problems.append(f"{name}: " + format_violations(violations, page.url))
    if width is not None:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide = page.evaluate(
                """(width) => [...document.querySelectorAll('body *')]
                    .filter(el => el.getBoundingClientRect().right > width + 1)
                    .slice(0, 5).map(el => el.outerHTML.slice(0, 160))""",
                width,
            )
            problems.append(f"{name}: scrolls sideways at {width}px (scrollWidth {scroll_width}); wide: {wide}")
    if page.browser_problems:
        problems.append(f"{name}: the browser reported " + "; ".join(page.browser_problems))
        page.browser_problems.clear()
    return problems


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_theme_page_post_page_and_post_form_have_no_accessibility_violations(viewport, page_factory, axe, busy_theme):
    """Zero axe violations (WCAG 2.0–2.2 A/AA) for a visitor, a member and the moderator: the theme page with
    its listing, facets and "meer tonen", the post page with reactions and the moderator's controls, the post
    form empty and as it comes back with errors. At 320 px (WCAG 1.4.10 reflow) nothing scrolls sideways."""
    world = busy_theme
    size = VIEWPORTS[viewport]
    phone = viewport != "desktop"
    width = size["width"] if phone else None

    def open_page(user=None):
        page = page_factory(**size, is_mobile=phone, has_touch=phone)
        if user is not None:
            log_in(page, user)
        return page

    problems = []
    post_path = world.post.get_absolute_url()
    form_path = f"/deelname/werkgroep/{world.theme.pk}/nieuw-bericht/"

    visitor = open_page()
    for name, path in [("theme page (visitor)", world.theme_path), ("post page (visitor)", post_path)]:
        assert visitor.goto(path).status == 200
        problems += problems_on(visitor, axe, name, width=width)

    member = open_page(world.member_b)
    member.goto(world.theme_path)
    # Page one: the busy post (a star button) and member B's own waiting post (no star button: not published).
    assert member.locator("#post-list form.star-form").count() == 1, "the member sees no star button"
    assert member.locator("aside.facets a").count() >= 4, "the facets are missing"
    problems += problems_on(member, axe, "theme page (member)", width=width)
    # "Meer laden" with JavaScript: the next batch is added in place.
    member.get_by_role("link", name=NL["load_more"]).click()
    member.locator("#post-list > li.post-card").nth(3).wait_for()
    problems += problems_on(member, axe, "theme page after 'meer tonen' (member)", width=width)
    member.goto(post_path)
    assert member.locator("main form.star-form button[aria-pressed=true]").count() == 1
    assert member.locator("main textarea[name=body]").count() == 1, "the member sees no reaction form"
    problems += problems_on(member, axe, "post page (member)", width=width)
    member.goto(form_path)
    assert member.locator("main form.post-form").count() == 1
    problems += problems_on(member, axe, "post form (member)", width=width)

    # The form with errors: empty title. The error is tied to the field and what was typed stays.
    member.goto(form_path)
    member.locator("textarea[name=body]").fill(BODY)
    member.get_by_role("radio", name="Vraag").check()
    member.get_by_role("checkbox", name="Noord").check()
    with member.expect_navigation() as navigation:
        member.locator("main form.post-form button[type=submit]:not([name=preview])").click()
    assert navigation.value.status == 400
    forget_expected_refusals(member, 400)
    title = member.locator("input[name=title]")
    assert title.get_attribute("aria-invalid") == "true"
    described_by = (title.get_attribute("aria-describedby") or "").split()
    assert "id_title_error" in described_by
    assert member.locator("#id_title_error").inner_text().strip() == NL["title_required"]
    assert NL["correct_errors"] in member.locator("main [role=alert]").first.inner_text()
    assert member.locator("textarea[name=body]").input_value() == BODY
    assert member.get_by_role("radio", name="Vraag").is_checked()
    assert member.get_by_role("checkbox", name="Noord").is_checked()
    assert not Post.objects.filter(title="").exists()
    problems += problems_on(member, axe, "post form with errors (member)", width=width)

    moderator = open_page(world.moderator)
    moderator.goto(world.theme_path)
    problems += problems_on(moderator, axe, "theme page (moderator)", width=width)
    moderator.goto(post_path)
    assert moderator.get_by_role("button", name=NL["approve_reaction"]).count() == 1
    problems += problems_on(moderator, axe, "post page with a reaction to approve (moderator)", width=width)
    pending = Post.objects.get(title="Wachtend idee")
    moderator.goto(pending.get_absolute_url())
    assert moderator.get_by_role("button", name=NL["approve_post"]).count() == 1
    problems += problems_on(moderator, axe, "post page waiting for approval (moderator)", width=width)

    assert not problems, "\n\n".join(problems)


# --- Without JavaScript -------------------------------------------------------------------------------------


def test_without_javascript_stars_work_through_the_form_and_meer_tonen_is_a_link(page_factory, busy_theme):
    """With JavaScript off, the star is a plain POST form that comes back to where it was pressed, showing the
    new state, and "meer tonen" is a link to the next page of the listing (keyset cursor in the URL)."""
    world = busy_theme
    page = page_factory(java_script_enabled=False)
    log_in(page, world.member_b, next_path=world.theme_path)

    # "Meer laden" walks the listing two posts at a time, newest first, without repeats: the four published
    # posts and member B's own one that waits for approval.
    expected = list(
        Post.objects.visible_to(world.member_b)
        .filter(theme_id=world.theme.pk)
        .order_by("-sort_at", "-pk")
        .values_list("title", flat=True)
    )
    assert len(expected) == 5 and "Wachtend idee" in expected
    seen, pages = [], [page.url]
    for _batch in range(5):
        titles = page.locator("#post-list > li.post-card h3").all_inner_texts()
        assert 1 <= len(titles) <= 2
        seen += [title.strip() for title in titles]
        more = page.get_by_role("link", name=NL["load_more"])
        if more.count() == 0:
            break
        click_and_wait(page, more)
        query = parse_qs(urlsplit(page.url).query)
        assert query["tab"] == ["berichten"] and query["na"], page.url
        pages.append(page.url)
    assert seen == expected
    assert len(pages) == 3
    assert page.get_by_role("link", name="Terug naar de nieuwste berichten").count() == 1
    assert_no_browser_problems(page)

    # Nearest forbidden case: the own post that waits for approval offers no star button (it would refuse).
    page.goto(pages[0])
    waiting = Post.objects.get(title="Wachtend idee")
    assert page.locator(f"#bericht-{waiting.pk}").count() == 1
    assert page.locator(f"#bericht-{waiting.pk} form.star-form").count() == 0

    # A star on the second page of the listing: the form posts, the server brings the member back to that page.
    page.goto(pages[1])
    card = page.locator("#post-list > li.post-card").first
    target = Post.objects.get(pk=int(card.get_attribute("id").removeprefix("bericht-")))
    assert target.status == PostStatus.PUBLISHED
    assert card.locator("form.star-form button").get_attribute("aria-pressed") == "false"
    # Every card has a star button: its accessible name says which post it stars.
    star = page.get_by_role("button", name=f"{NL['star']} {NL['no_stars']} – {target.title}", exact=True)
    assert star.count() == 1
    click_and_wait(page, star)
    assert page.url == pages[1].split("#")[0]
    button = page.locator(f"#bericht-{target.pk} form.star-form button")
    assert button.get_attribute("aria-pressed") == "true"
    assert NL["one_star"] in button.inner_text()
    assert Star.objects.filter(user=world.member_b, post=target).exists()

    # Nearest forbidden case: the same POST forged without the form's CSRF token (from another site) is refused
    # and changes nothing, although the browser sends the session cookie along (SEC-12).
    forged = page.request.post(f"/deelname/berichten/{target.pk}/ster/", form={"starred": "0"})
    assert forged.status == 403
    assert Star.objects.filter(user=world.member_b, post=target).exists()

    # On the post page: taking the star of the busy post back, and giving it again.
    page.goto(world.post.get_absolute_url())
    button = page.locator("main form.star-form button")
    assert button.get_attribute("aria-pressed") == "true"
    click_and_wait(page, button)
    assert urlsplit(page.url).path == world.post.get_absolute_url()
    button = page.locator("main form.star-form button")
    assert button.get_attribute("aria-pressed") == "false"
    assert NL["no_stars"] in button.inner_text()
    click_and_wait(page, button)
    assert page.locator("main form.star-form button").get_attribute("aria-pressed") == "true"
    assert Post.objects.get(pk=world.post.pk).star_count == 1
    assert_no_browser_problems(page)


def test_picking_a_member_says_at_once_who_will_see_the_post_and_shields_it(page, world):
    """Issue 9, hole 5: the sentence under the form changes as soon as a member is picked (htmx, no page load), and
    the post is shielded although "Post afschermen" was never ticked; a member not picked gets 404 on it."""
    theme = world.theme
    factories.membership(user=world.member_a, theme=theme)
    log_in(page, world.member_b, next_path=f"/deelname/werkgroep/{theme.pk}/nieuw-bericht/")
    audience = page.locator("#post-audience")
    assert "Iedereen kan deze post lezen zodra een beheerder hem heeft goedgekeurd." in audience.inner_text()

    page.get_by_label("Titel").fill(TITLE)
    page.locator("textarea[name=body]").fill(BODY)
    page.get_by_role("radio", name="Vraag").check()
    page.locator("details.shield summary").click()
    page.get_by_role("checkbox", name="Fietser An").check()
    expect(audience).to_contain_text("Alleen Fietser An, jij en de beheerders van dit thema zien deze post.")
    assert page.url.endswith(f"/deelname/werkgroep/{theme.pk}/nieuw-bericht/"), "nothing was sent yet"
    assert not Post.objects.exists()
    assert not page.get_by_role(
        "checkbox", name="Post afschermen: enkel de leden die ik kies, zien dit bericht"
    ).is_checked()
    click_and_wait(page, page.locator("main form.post-form").get_by_role("button", name=NL["submit_post"]))

    post = Post.objects.get(title=TITLE)
    assert post.shielded and list(post.audience.all()) == [world.member_a]
    assert "Alleen Fietser An, jij en de beheerders van dit thema zien deze post." in page.locator("main").inner_text()
    assert_no_browser_problems(page)
