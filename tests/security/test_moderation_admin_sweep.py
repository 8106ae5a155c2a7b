"""The moderation sweep of the administration (issue 4 §1, §3; SEC-01, SEC-03, SEC-05).

Three themes in two organisations, each with a waiting membership request, a waiting post and a waiting reaction
(and, once reports exist, reported items), each carrying a marker only that theme uses. Every role is swept over
every surface of the moderators' admin: the queue lists (all queues, also with a forged theme filter), the counts
in the tabs, the dashboard panel and the menu item, Wagtail's admin search, the item history, the refuse page,
and forged POSTs of approve and refuse on items of themes the person does not moderate (404, nothing changed, no
audit entry). Expected scopes are written out here, independently of participation.access:

- a moderator of theme A sees A only; of theme B, B only;
- an organisation admin sees every theme of their organisation, nothing of the other organisation;
- editors, observers and plain members have no queue (and moderators never get user management);
- the superadmin sees everything.
"""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import Membership, MembershipStatus, Post, PostStatus, Reaction
from participation.moderation import services
from participation.moderation.queues import QUEUES
from tests.conftest import make_user
from tests.fixtures.worlds import built_once, fresh_copy
from themes.factories import home_page, organisation_page, theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

THEMES = ["A", "B", "C"]  # A (open) and B (closed) in organisation 1, C (mixed) in organisation 2
SCOPE = {
    "moderator_a": {"A"},
    "moderator_b": {"B"},
    "organisation_admin_1": {"A", "B"},
    "organisation_admin_2": {"C"},
    "editor_1": set(),
    "observer_1": set(),
    "member": set(),
    "superadmin": {"A", "B", "C"},
}
ADMIN_USERS = {"moderator_a", "moderator_b", "organisation_admin_1", "organisation_admin_2", "editor_1", "superadmin"}


def markers(key):
    return {
        "membership": f"wachtend{key.lower()}",  # the display name of the person asking to join
        "post": f"POSTMARKER{key}",
        "reaction": f"REACTIEMARKER{key}",
        "report": f"MELDMARKER{key}",  # the title of a reported post
    }


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The world, built once for the module (tests/fixtures/worlds.py); each test's writes (the decisions it forges
    or makes) are rolled back when it ends."""
    yield from built_once(django_db_blocker, _build)


@pytest.fixture
def world(built, db):
    return fresh_copy(built)


def _build():
    home_page()
    org1 = organisation_page(title="Organisatie Een")
    org2 = organisation_page(title="Organisatie Twee")
    themes = {
        "A": theme_page(title="Thema A", organisation=org1, group_type=GroupType.OPEN),
        "B": theme_page(title="Thema B", organisation=org1, group_type=GroupType.CLOSED),
        "C": theme_page(title="Thema C", organisation=org2, group_type=GroupType.MIXED),
    }
    items = {}
    for key, theme in themes.items():
        mark = markers(key)
        author = make_user(f"auteur{key.lower()}@example.org", f"auteur{key.lower()}")
        factories.membership(user=author, theme=theme)
        asking = make_user(f"wacht{key.lower()}@example.org", mark["membership"])
        membership = factories.membership(user=asking, theme=theme, status=MembershipStatus.PENDING)
        post = factories.post(author=author, page=theme, title=mark["post"], status=PostStatus.PENDING)
        published = factories.post(author=author, page=theme, title=f"Onderwerp {key}")
        reaction = factories.reaction(
            post=published, author=author, body=f"<p>{mark['reaction']}</p>", status=PostStatus.PENDING
        )
        reported = factories.post(author=author, page=theme, title=mark["report"])
        reporter = make_user(f"melder{key.lower()}@example.org", f"melder{key.lower()}")
        factories.membership(user=reporter, theme=theme)
        services.report_create(reporter=reporter, reason="spam", post=reported)
        items[key] = {"lidmaatschappen": membership, "berichten": post, "reacties": reaction, "meldingen": reported}
    users = {name: make_user(f"{name}@example.org", name) for name in SCOPE if name != "superadmin"}
    users["superadmin"] = make_user("super@example.org", "super", is_superuser=True, is_staff=True)
    assign_role(user=users["moderator_a"], role=Role.MODERATOR, page=themes["A"])
    assign_role(user=users["moderator_b"], role=Role.MODERATOR, page=themes["B"])
    assign_role(user=users["organisation_admin_1"], role=Role.ORGANISATION_ADMIN, page=org1)
    assign_role(user=users["organisation_admin_2"], role=Role.ORGANISATION_ADMIN, page=org2)
    assign_role(user=users["editor_1"], role=Role.EDITOR, page=org1)
    assign_role(user=users["observer_1"], role=Role.OBSERVER, page=org1)
    factories.membership(user=users["member"], theme=themes["A"])
    for name in ADMIN_USERS:
        TOTP.activate(users[name], generate_totp_secret())
    return {"themes": themes, "items": items, "users": users}


def client_for(world, role):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world["users"][role])
    return client


def text_of(response):
    return response.content.decode() if response.status_code == 200 else ""


def assert_scope(html, scope, where):
    for key in THEMES:
        for marker in markers(key).values():
            if key in scope:
                assert marker in html, f"{where}: {marker} of theme {key} missing"
            else:
                assert marker not in html, f"{where}: {marker} of theme {key} leaked"


def state(world):
    from participation.models import Report

    return (
        sorted(Report.objects.values_list("pk", "status")),
        sorted(Membership.objects.values_list("pk", "status")),
        sorted(Post.objects.values_list("pk", "status")),
        sorted(Reaction.objects.values_list("pk", "status")),
        ModelLogEntry.objects.count(),
    )


@pytest.mark.parametrize("role", list(SCOPE))
def test_every_queue_list_and_count_shows_exactly_the_themes_moderated(world, role):
    client = client_for(world, role)
    scope = SCOPE[role]
    seen = ""
    for slug in QUEUES:
        response = client.get(reverse("participation_moderation:queue", args=[slug]))
        if not scope:
            assert response.status_code == 302, (role, slug)  # to the dashboard (or the log-in) with a refusal
        html = text_of(response)
        seen += html
        if scope:
            assert f"({len(scope)})" in html, (role, slug)  # each queue's tab counts one item per theme
        # A forged theme filter for a theme outside the scope never lets it in.
        for key, theme in world["themes"].items():
            if key not in scope:
                forged = text_of(
                    client.get(reverse("participation_moderation:queue", args=[slug]) + f"?thema={theme.pk}")
                )
                for other in markers(key).values():
                    assert other not in forged, (role, slug, key)
    assert_scope(seen, scope, f"{role} queues")


@pytest.mark.parametrize("role", list(SCOPE))
def test_dashboard_panel_menu_and_admin_search_show_only_the_scope(world, role):
    client = client_for(world, role)
    scope = SCOPE[role]
    home = client.get(reverse("wagtailadmin_home"))
    html = text_of(home)
    if role in ADMIN_USERS:
        assert home.status_code == 200
    if scope:
        for label in ("Membership requests", "Posts", "Reactions", "Reports"):
            assert f"{label}: <strong>{len(scope)}</strong>" in html, (role, label)
        total = int(re.search(r"To moderate: (\d+)", html).group(1))
        # Plugins add their queues through register_moderation_queue (the test plugin counts 3 for superadmins).
        assert total == 4 * len(scope) + (3 if role == "superadmin" else 0), role
        assert html.count(f"To moderate: {total}") >= 2, role  # the panel's heading and the menu item
    else:
        assert "To moderate" not in html, role
    search = text_of(client.get(reverse("wagtailadmin_pages:search") + "?q=MARKER"))
    for key in THEMES:
        if key not in scope:
            for marker in markers(key).values():
                assert marker not in search, (role, marker)


@pytest.mark.parametrize("role", list(SCOPE))
def test_forged_decisions_on_items_outside_the_scope_change_nothing(world, role):
    client = client_for(world, role)
    scope = SCOPE[role]
    for key in THEMES:
        if key in scope:
            continue
        for slug, item in world["items"][key].items():
            before = state(world)
            ident = f"p{item.pk}" if slug == "meldingen" else item.pk
            queue_url = reverse("participation_moderation:queue", args=[slug])
            reject_url = reverse("participation_moderation:reject", args=[slug, ident])
            answers = [
                client.post(queue_url, {"approve": ident}),
                client.post(queue_url, {"ids": [ident], "action": "approve"}),
                client.post(queue_url, {"ids": [ident], "action": "reject", "reason": "Vervalst"}),
                client.get(reject_url),
                client.post(reject_url, {"reason": "Vervalst"}),
            ]
            expected = {404} if scope else {302}  # moderators elsewhere: missing; no moderator at all: refused
            assert {answer.status_code for answer in answers} <= expected, (role, key, slug)
            assert state(world) == before, (role, key, slug)
            kind = {"lidmaatschappen": "lidmaatschap", "reacties": "reactie"}.get(slug, "bericht")
            history = client.get(reverse("participation_moderation:history", args=[kind, item.pk]))
            assert history.status_code in expected, (role, key, slug)


@pytest.mark.parametrize("role", ["moderator_a", "organisation_admin_1", "editor_1"])
def test_staff_of_the_working_groups_never_manage_users(world, role):
    user = world["users"][role]
    assert not [perm for perm in user.get_all_permissions() if perm.startswith("auth.")], role
    client = client_for(world, role)
    for url in [reverse("wagtailusers_users:index"), reverse("wagtailusers_groups:index")]:
        response = client.get(url)
        assert response.status_code in (302, 403), (role, url)
        assert "moderator_b@example.org" not in text_of(response)


def test_decisions_inside_the_scope_work_for_the_organisation_admin(world):
    """The nearest allowed case of the forged ones: an organisation admin decides on both of their themes."""
    client = client_for(world, "organisation_admin_1")
    for key in ("A", "B"):
        post = world["items"][key]["berichten"]
        response = client.post(reverse("participation_moderation:queue", args=["berichten"]), {"approve": post.pk})
        assert response.status_code == 302
        post.refresh_from_db()
        assert post.status == PostStatus.PUBLISHED
    c_post = world["items"]["C"]["berichten"]
    c_post.refresh_from_db()
    assert c_post.status == PostStatus.PENDING
