"""The moderation sweep of the public site (issue 4 §2; SEC-01, SEC-02, SEC-03, SEC-22).

Reported and hidden items, seen by every role on every surface: the theme listing, the post page and its
reactions, site search, the Atom feed and the widget, the reports themselves and the members' list. What was
reported but stays under the threshold is visible as before; what hid itself after reports, was hidden by a
moderator or removed after reports is seen only by its author and the theme's moderators (and superadmins,
except what was removed); nobody but the reporter and the moderators learns who reported.
"""

import pytest
from django.test import Client

from core.models import Role
from core.roles.services import assign_role
from participation import factories
from participation.models import Report
from participation.moderation import services
from tests.conftest import make_organisation, make_superadmin, make_user
from tests.fixtures.worlds import built_once, fresh_copy
from themes.factories import theme_page
from themes.models import GroupType

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "registered", "member", "reporter", "author", "other_moderator", "moderator", "superadmin"]


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The world, built once for the module (tests/fixtures/worlds.py); each test's writes are rolled back."""
    yield from built_once(django_db_blocker, lambda: _build(make_organisation(), make_user, make_superadmin()))


@pytest.fixture
def world(built, db):
    return fresh_copy(built)


def _build(organisation, user_factory, superadmin):
    theme = theme_page(title="Mobiliteit", organisation=organisation, group_type=GroupType.OPEN)
    theme.report_threshold = 2
    theme.save()
    category = factories.category(page=theme, name="Vraag")
    other_theme = theme_page(title="Wijk", organisation=organisation, group_type=GroupType.OPEN)
    users = {
        "anonymous": None,
        "registered": user_factory("registered@example.org"),
        "member": user_factory("member@example.org"),
        "reporter": user_factory("reporter@example.org"),
        "second": user_factory("second@example.org"),
        "author": user_factory("author@example.org"),
        "other_moderator": user_factory("other_moderator@example.org"),
        "moderator": user_factory("moderator@example.org"),
        "superadmin": superadmin,
    }
    for key in ("member", "reporter", "second", "author"):
        factories.membership(user=users[key], theme=theme, status="approved")
    assign_role(user=users["moderator"], role=Role.MODERATOR, page=theme)
    assign_role(user=users["other_moderator"], role=Role.MODERATOR, page=other_theme)

    def post(marker):
        return factories.post(
            author=users["author"],
            page=theme,
            title=f"Zoekwoord {marker}",
            body=f"<p>{marker}body</p>",
            category=category,
        )

    def reaction(item, marker):
        return factories.reaction(post=item, author=users["author"], body=f"<p>Reactie {marker}</p>")

    once = post("Eenmaalgemeld")
    services.report_create(reporter=users["reporter"], post=once, reason="other", text="Geheimemelding")
    by_reports = post("Verborgengemeld")
    for key in ("reporter", "second"):
        services.report_create(reporter=users[key], post=by_reports, reason="spam")
    by_moderator = post("Verborgendoormoderator")
    services.post_hide(post=by_moderator, by=users["moderator"], reason="Nakijken")
    removed = post("Verwijderdnamelding")
    for key in ("reporter", "second"):
        services.report_create(reporter=users[key], post=removed, reason="spam")
    services.report_remove(post=removed, by=users["moderator"], reason="Weg ermee")
    host = post("Gastheer")
    hidden_reaction = reaction(host, "Reactieverborgen")
    for key in ("reporter", "second"):
        services.report_create(reporter=users[key], reaction=hidden_reaction, reason="offensive")
    from core.request_cache import forget

    forget()
    return {
        "theme": theme,
        "users": users,
        "posts": {
            "Eenmaalgemeld": (once, "everyone"),
            "Verborgengemeld": (by_reports, "hidden"),
            "Verborgendoormoderator": (by_moderator, "hidden"),
            "Verwijderdnamelding": (removed, "removed"),
        },
        "host": host,
    }


def sees(role, kind):
    """From the issue, not from the code: hidden items for their author, the moderators and superadmins; removed
    items for their author only."""
    if kind == "everyone":
        return True
    if kind == "hidden":
        return role in ("author", "moderator", "superadmin")
    return role == "author"


def _client(user):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize("role", ROLES)
def test_reported_and_hidden_items_on_every_surface(world, role):
    user = world["users"][role]
    client = _client(user)
    theme = world["theme"]
    problems = []

    listing = client.get(f"{theme.url}?tab=berichten").content.decode()
    search = client.get("/zoeken/?q=Zoekwoord").content.decode()
    feed = client.get(f"/deelname/werkgroep/{theme.pk}/feed/").content.decode()
    widget = client.get(f"/deelname/werkgroep/{theme.pk}/widget/").content.decode()
    for marker, (post, kind) in world["posts"].items():
        expected = sees(role, kind)
        if (marker in listing) != expected:
            problems.append(f"listing {marker}: shown={marker in listing}")
        if (marker in search) != expected:
            problems.append(f"search {marker}: shown={marker in search}")
        public = kind == "everyone"
        if (marker in feed) != public or (marker in widget) != public:
            problems.append(f"feed/widget {marker}")
        response = client.get(post.get_absolute_url())
        if (response.status_code == 200) != expected:
            problems.append(f"post page {marker}: {response.status_code}")
        elif response.status_code != 200 and response.status_code != 404:
            problems.append(f"post page {marker}: {response.status_code} instead of 404")

    # The reaction hidden by reports: only its author, the moderators and superadmins.
    page = client.get(world["host"].get_absolute_url()).content.decode()
    if ("Reactieverborgen" in page) != (role in ("author", "moderator", "superadmin")):
        problems.append("hidden reaction on the post page")
    reactions = client.get("/zoeken/?q=Reactieverborgen").content.decode()
    if ("Zoekwoord Gastheer" in reactions) != (role in ("author", "moderator", "superadmin")):
        problems.append("hidden reaction in search")

    # Who reported what: the reporter's own explanation and the moderators, nobody else.
    once = world["posts"]["Eenmaalgemeld"][0]
    page = client.get(once.get_absolute_url()).content.decode()
    if ("Geheimemelding" in page) != (role in ("moderator", "superadmin")):
        problems.append("report text on the post page")
    if user is not None:
        reports = set(Report.objects.visible_to(user).values_list("reporter__email", flat=True))
        expected = {
            "reporter": {"reporter@example.org"},
            "moderator": {"reporter@example.org", "second@example.org"},
            "superadmin": {"reporter@example.org", "second@example.org"},
        }.get(role, set())
        if reports != expected:
            problems.append(f"reports visible: {reports}")
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_forged_moderation_by_others_changes_nothing(world):
    """SEC-03: members and a moderator of another theme forge every moderation request: 403 or 404."""
    once = world["posts"]["Eenmaalgemeld"][0]
    hidden = world["posts"]["Verborgengemeld"][0]
    for role in ("member", "reporter", "other_moderator"):
        client = _client(world["users"][role])
        for url in (
            f"/deelname/berichten/{once.pk}/verbergen/",
            f"/deelname/berichten/{once.pk}/meldingen/behouden/",
            f"/deelname/berichten/{once.pk}/meldingen/verwijderen/",
        ):
            assert client.post(url, {"reason": "x"}).status_code == 403, (role, url)
        for url in (
            f"/deelname/berichten/{hidden.pk}/terugzetten/",
            f"/deelname/berichten/{hidden.pk}/meldingen/behouden/",
        ):
            assert client.post(url, {"reason": "x"}).status_code == 404, (role, url)
    once.refresh_from_db()
    hidden.refresh_from_db()
    assert (once.status, hidden.status) == ("published", "hidden")
    assert Report.objects.filter(status="open").count() == 1 + 2 + 2
