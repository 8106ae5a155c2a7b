"""The visibility sweep of the working groups (SEC-01, SEC-02, SEC-03, SEC-04).

Every role × every kind of post (group type, section, status, shielding, hidden page) × every surface where a
post can show: the theme listing, the facet counts, the post page, its reactions, site search, the Atom feed,
the widget and the attachment download. The expected answer comes from ``sees()`` below, a restatement of the
BRIEF's working-group table written independently of ``participation.access``; the two must agree everywhere.
Invisible and missing answer the same 404.
"""

import re
from dataclasses import dataclass

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone, translation

from core.models import Role, User
from core.roles.services import assign_role
from participation import factories
from participation.models import Attachment, MembershipStatus, PostStatus, Section
from tests.conftest import make_organisation, make_user
from tests.fixtures.worlds import built_once, fresh_copy
from themes.factories import subtheme_page, theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "registered",
    "pending",
    "sibling_member",
    "member",
    "newcomer",
    "audience",
    "author",
    "other_moderator",
    "moderator",
    "superadmin",
]
STATUSES = [PostStatus.PENDING, PostStatus.PUBLISHED, PostStatus.REJECTED, PostStatus.WITHDRAWN, PostStatus.HIDDEN]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@dataclass
class Case:
    post: object
    marker: str
    theme_key: str
    effective_type: str
    section: str
    status: str
    shielded: bool
    page_hidden: bool = False
    # A members' post written while a moderator admitted the theme's members (the theme was closed or mixed).
    for_admitted_members: bool = False


def sees(role, case):
    """Who may see a post, straight from BRIEF.md's table and the issue (not from the code under test)."""
    if role == "superadmin":
        return case.status not in (PostStatus.REJECTED, PostStatus.WITHDRAWN)
    if case.page_hidden and role != "moderator":
        return False  # a hidden page (and all its posts) exists only for roles on that part of the tree
    if role == "author":
        return True
    if case.status in (PostStatus.REJECTED, PostStatus.WITHDRAWN):
        return False
    if role == "moderator":
        return True
    if case.status != PostStatus.PUBLISHED:
        return False
    if case.shielded:
        return role == "audience"
    if case.section == Section.PUBLIC and case.effective_type != GroupType.CLOSED:
        return True
    if role == "newcomer":
        # A member of the open theme only, who joined it at once after every post here was written: members'
        # posts written for the members a moderator admitted, when the theme was closed, are not theirs
        # (issue 9, hole 8); those of a closed subtheme of the open theme are.
        return case.theme_key == "open" and not case.for_admitted_members
    return role in ("member", "audience")


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module (see tests/fixtures/worlds.py): every test reads it, none keeps a write."""
    media = tmp_path_factory.mktemp("participation-sweep") / "media"
    yield from built_once(django_db_blocker, _build, MEDIA_ROOT=media, PARTICIPATION_PAGE_SIZE=200)


@pytest.fixture
def world(built, db):
    return fresh_copy(built)


def _build():
    with translation.override("en"):  # as under the autouse `_english`, when the world was built in each test
        return _build_world(make_organisation(), make_user)


def _build_world(organisation, user_factory):
    themes = {
        "open": theme_page(title="Open thema", organisation=organisation, group_type=GroupType.OPEN),
        "closed": theme_page(title="Gesloten thema", organisation=organisation, group_type=GroupType.CLOSED),
        "mixed": theme_page(title="Gemengd thema", organisation=organisation, group_type=GroupType.MIXED),
    }
    sibling = theme_page(title="Zusterthema", organisation=organisation, group_type=GroupType.CLOSED)
    closed_sub = subtheme_page(title="Besloten subthema", theme=themes["open"], group_type=GroupType.CLOSED)
    hidden_sub = subtheme_page(title="Verborgen subthema", theme=themes["open"], hidden=True)
    categories = {key: factories.category(page=theme, name="Vraag") for key, theme in themes.items()}

    users = {"anonymous": None}
    for role in ROLES[1:]:
        users[role] = user_factory(f"{role}@example.org", f"Persoon-{role}", first_name="Geheim", last_name=role)
    users["superadmin"].is_superuser = True
    users["superadmin"].is_staff = True
    users["superadmin"].save()
    for theme in themes.values():
        for role in ("member", "audience", "author"):
            factories.membership(user=users[role], theme=theme)
        factories.membership(user=users["pending"], theme=theme, status=MembershipStatus.PENDING)
        assign_role(user=users["moderator"], role=Role.MODERATOR, page=theme)
    factories.membership(user=users["sibling_member"], theme=sibling)
    # Joined the open theme at once once everything below was written (see the end of this fixture).
    newcomer_membership = factories.membership(user=users["newcomer"], theme=themes["open"])
    assign_role(user=users["other_moderator"], role=Role.MODERATOR, page=sibling)

    cases = []
    number = 0

    def add(page, theme_key, effective_type, section, status, shielded, page_hidden=False, written_under=None):
        nonlocal number
        number += 1
        marker = f"sweepmarker{number:03d}"
        post = factories.post(
            author=users["author"],
            page=page,
            title=f"Zoekwoord {marker}",
            body=f"<p>Inhoud {marker}body</p>",
            status=status,
            section=section,
            category=categories[theme_key],
            audience=[users["audience"]] if shielded else (),
            theme_type_at_writing=written_under or themes[theme_key].group_type,
        )
        factories.reaction(post=post, author=users["member"], body=f"<p>Reactie {marker}reaction</p>")
        Attachment.objects.create(
            post=post,
            kind="document",
            file=ContentFile(f"bijlage {marker}".encode(), name=f"{marker}.txt"),
            original_name=f"{marker}.txt",
            content_type="text/plain",
            size=20,
            created_at=timezone.now(),
        )
        admitted = section == Section.MEMBERS and (written_under or themes[theme_key].group_type) != GroupType.OPEN
        cases.append(Case(post, marker, theme_key, effective_type, section, status, shielded, page_hidden, admitted))

    for key, theme in themes.items():
        sections = {"open": [Section.PUBLIC], "closed": [Section.MEMBERS], "mixed": [Section.PUBLIC, Section.MEMBERS]}
        for section in sections[key]:
            for status in STATUSES:
                for shielded in (False, True):
                    add(theme, key, key, section, status, shielded)
    # Members' posts of the open theme, written while it was closed (its type changed since).
    for status in (PostStatus.PUBLISHED, PostStatus.PENDING):
        for shielded in (False, True):
            add(themes["open"], "open", GroupType.OPEN, Section.MEMBERS, status, shielded, written_under="closed")
    # A members' post of a closed subtheme of the open theme: written for members who join at once.
    add(closed_sub, "open", GroupType.CLOSED, Section.MEMBERS, PostStatus.PUBLISHED, False)
    # A public-section post in a subtheme that overrides its open theme to closed: members only.
    add(closed_sub, "open", GroupType.CLOSED, Section.PUBLIC, PostStatus.PUBLISHED, False)
    # A published public post in a hidden subtheme: only roles on that part of the tree see it.
    add(hidden_sub, "open", GroupType.OPEN, Section.PUBLIC, PostStatus.PUBLISHED, False, page_hidden=True)
    newcomer_membership.joined_at_once = True
    newcomer_membership.decided_at = timezone.now()
    newcomer_membership.save()
    return {"themes": themes, "users": users, "cases": cases}


def _client(user):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _normalised(response, url):
    return CSRF.sub("", response.content.decode()).replace(url, "<url>")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("role", ROLES)
def test_every_surface_shows_exactly_what_the_role_may_see(world, role):
    user = world["users"][role]
    client = _client(user)
    cases = world["cases"]
    problems = []

    def check(surface, case, shown):
        expected = sees(role, case)
        if shown != expected:
            problems.append(
                f"{surface}: {case.marker} ({case.theme_key}/{case.effective_type}, {case.section}, "
                f"{case.status}, shielded={case.shielded}, hidden page={case.page_hidden}) "
                f"shown={shown} expected={expected}"
            )

    # Theme listings (a theme lists its subthemes' posts) and their facet counts.
    for key, theme in world["themes"].items():
        html = _page(client, f"{theme.url}?tab=berichten")
        for case in (c for c in cases if c.theme_key == key):
            check(f"listing {key}", case, case.marker in html)
        visible = sum(1 for c in cases if c.theme_key == key and sees(role, c))
        counted = re.search(r"Vraag <span class=\"facet__count\">\((\d+)\)</span>", html)
        assert (int(counted.group(1)) if counted else 0) == visible, f"facet count of {key} for {role}"

    # The post page (with its reaction) and the attachment: 200 when visible, else the 404 of a missing post.
    missing_post = _normalised(client.get("/deelname/berichten/999999/"), "/deelname/berichten/999999/")
    for case in cases:
        url = case.post.get_absolute_url()
        response = client.get(url)
        shown = response.status_code == 200
        check("post page", case, shown)
        if shown:
            body = response.content.decode()
            assert f"{case.marker}body" in body
            assert f"{case.marker}reaction" in body, f"the published reaction of a visible post ({case.marker})"
        else:
            assert response.status_code == 404
            assert _normalised(response, url) == missing_post.replace("/deelname/berichten/999999/", "<url>")
        attachment = Attachment.objects.get(post=case.post)
        download = client.get(attachment.get_absolute_url())
        check("attachment", case, download.status_code == 200)
        if download.status_code != 200:
            assert download.status_code == 404

    # Site search: titles and reactions.
    html = _page(client, "/zoeken/?q=Zoekwoord")
    for case in cases:
        check("search (posts)", case, case.marker in html)
    html = _page(client, "/zoeken/?q=Reactie")
    for case in cases:
        check("search (reactions)", case, f"{case.marker}" in html)

    # Feed and widget show what an anonymous visitor sees, whoever asks.
    for key, theme in world["themes"].items():
        feed = _page(client, f"/deelname/werkgroep/{theme.pk}/feed/")
        widget = _page(client, f"/deelname/werkgroep/{theme.pk}/widget/")
        for case in (c for c in cases if c.theme_key == key):
            public = sees("anonymous", case)
            if (case.marker in feed) != public or (case.marker in widget) != public:
                problems.append(
                    f"feed/widget {key}: {case.marker} in feed={case.marker in feed} "
                    f"widget={case.marker in widget} expected={public}"
                )

    assert not problems, f"{role}:\n" + "\n".join(problems)


@pytest.mark.parametrize("role", ROLES)
def test_member_lists_show_display_names_to_members_and_moderators_only(world, role):
    """Members see the member list of their theme by display name only; full names and e-mail never show."""
    client = _client(world["users"][role])
    theme = world["themes"]["closed"]
    html = _page(client, f"{theme.url}?tab=leden")
    # Only the tab: the header greets the person and the contact form is filled in with their own name.
    html = html[html.index('id="tab-panel"') : html.index('id="contact-form-heading"')]
    may_see = role in ("member", "audience", "author", "moderator", "superadmin")
    assert ("Persoon-member" in html) == may_see
    assert "member@example.org" not in html
    assert "Geheim" not in html
    pending_shown = "Persoon-pending" in html
    assert pending_shown == (role in ("moderator", "superadmin")), "pending requests are for moderators only"


def test_a_moderator_of_another_theme_cannot_decide_anything_here(world):
    """Forged decisions by a moderator of a sibling theme answer 404 and change nothing (SEC-03, SEC-04)."""
    client = _client(world["users"]["other_moderator"])
    pending = next(c.post for c in world["cases"] if c.status == PostStatus.PENDING and c.theme_key == "closed")
    response = client.post(f"/deelname/berichten/{pending.pk}/goedkeuren/")
    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == PostStatus.PENDING
    membership = User.objects.get(email="pending@example.org").memberships.first()
    response = client.post(f"/deelname/lidmaatschap/{membership.pk}/goedkeuren/")
    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.status == MembershipStatus.PENDING


def test_a_shielded_post_cannot_be_reached_by_forged_requests(world):
    """A member outside the audience gets 404 for every action on a shielded post, and nothing is written."""
    client = _client(world["users"]["member"])
    shielded = next(
        c.post for c in world["cases"] if c.shielded and c.status == PostStatus.PUBLISHED and c.theme_key == "closed"
    )
    shielded.refresh_from_db()
    before = (shielded.star_count, shielded.reaction_count)
    for url, data in [
        (f"/deelname/berichten/{shielded.pk}/ster/", {"starred": "1"}),
        (f"/deelname/berichten/{shielded.pk}/reageren/", {"body": "Ik ben er niet bij"}),
        (f"/deelname/berichten/{shielded.pk}/bewerken/", {"title": "Gekaapt", "body": "x"}),
        (f"/deelname/berichten/{shielded.pk}/intrekken/", {}),
    ]:
        assert client.post(url, data).status_code == 404, url
    shielded.refresh_from_db()
    assert (shielded.star_count, shielded.reaction_count) == before
    assert shielded.title.startswith("Zoekwoord")
    assert shielded.status == PostStatus.PUBLISHED
