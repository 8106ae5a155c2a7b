"""The posts listing of a theme and a subtheme page: what is listed, in which order, the facets and their
counts, and "Load more" (keyset cursors, also as htmx fragments).

Requirements: seed 000 (four sorts, facets category / filter groups / organisation), SEC-02 (a listing and
its counters never show what the visitor may not see), PERF-01 (keyset pagination, every "next" page).
"""

import base64
import json
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import product
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from participation import factories
from participation.models import NO_REACTION_YET, MembershipStatus, PostStatus, Section
from tests.participation.posts.listing_html import (
    all_fragments,
    all_pages,
    facets,
    is_out_of_band,
    local,
    more,
    post_ids,
    sort_links,
)
from themes.factories import subtheme_page, theme_page
from themes.models import GroupType, MemberOrganisation, ThemeMemberOrganisation

pytestmark = pytest.mark.django_db

T0 = timezone.now().replace(microsecond=123456) - timedelta(days=30)
SORT_COLUMNS = {
    "recent": "sort_at",
    "reactions": "reaction_count",
    "recent-reactions": "last_reaction_at",
    "stars": "star_count",
}


def posts_url(page, **params):
    query = "&".join(f"{key}={value}" for key, value in {"tab": "berichten", **params}.items())
    return f"{page.url}?{query}"


def participating(organisation, name, *pages):
    """A member organisation (organisatiefiche) taking part in `pages`."""
    fiche = MemberOrganisation.objects.create(organisation=organisation, name=name)
    for page in pages:
        ThemeMemberOrganisation.objects.create(page=page, member_organisation=fiche)
    return fiche


def cursor(raw):
    """A cursor as the listing writes them (base64 of JSON), holding anything."""
    text = raw if isinstance(raw, str) else json.dumps(raw)
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def expected_order(posts, sort):
    """The posts in the order of `sort`: its column descending, the newest id first on a tie."""
    column = SORT_COLUMNS[sort]
    return [p.pk for p in sorted(posts, key=lambda p: (getattr(p, column), p.pk), reverse=True)]


def fresh(posts):
    for post in posts:
        post.refresh_from_db()
    return posts


# --- What a theme and a subtheme list ------------------------------------------------------------------------


def test_theme_page_lists_its_own_and_its_subthemes_posts_and_labels_the_subtheme_ones(
    client, open_theme, open_subtheme, make_member, organisation
):
    author = make_member(open_theme, "auteur@example.org")
    on_theme = factories.post(author=author, page=open_theme, title="Over het thema", when=T0)
    on_subtheme = factories.post(
        author=author, page=open_subtheme, title="Over de fietspaden", when=T0 + timedelta(minutes=1)
    )
    other_theme = theme_page(title="Cultuur", organisation=organisation, group_type=GroupType.OPEN)
    elsewhere = factories.post(author=author, page=other_theme, title="Over cultuur", when=T0 + timedelta(minutes=2))

    for url in (open_theme.url, posts_url(open_theme)):
        html = client.get(url).content.decode()
        assert post_ids(html) == [on_subtheme.pk, on_theme.pk]
        assert html.count("Subtheme: Fietspaden") == 1
        assert "Subtheme: Mobiliteit" not in html
        assert "Over cultuur" not in html

    html = client.get(posts_url(open_subtheme)).content.decode()
    assert post_ids(html) == [on_subtheme.pk]
    assert "Subtheme:" not in html  # on the subtheme itself the label says nothing new
    assert post_ids(client.get(posts_url(other_theme)).content.decode()) == [elsewhere.pk]


def test_the_members_tab_lists_no_posts(client, open_theme, make_member):
    author = make_member(open_theme, "auteur@example.org")
    factories.post(author=author, page=open_theme, title="Alleen bij berichten")
    html = client.get(f"{open_theme.url}?tab=leden").content.decode()
    assert "Alleen bij berichten" not in html
    assert "Alleen bij berichten" in client.get(posts_url(open_theme)).content.decode()


def test_listing_shows_what_a_visitor_may_see_and_counts_nothing_else(
    client, mixed_theme, make_member, make_moderator, user_factory
):
    """SEC-02: members' section posts, others' waiting posts and shielded posts are neither listed nor
    counted in the facets for who may not see them."""
    author = make_member(mixed_theme, "auteur@example.org")
    reader = make_member(mixed_theme, "lezer@example.org")
    waiting = make_member(mixed_theme, "wachtend@example.org", status=MembershipStatus.PENDING)
    outsider = user_factory("buiten@example.org")
    moderator = make_moderator(mixed_theme, "beheer@example.org")
    vraag = mixed_theme.vraag

    def add(title, minutes, **fields):
        return factories.post(
            author=fields.pop("by", author),
            page=mixed_theme,
            title=title,
            category=vraag,
            when=T0 + timedelta(minutes=minutes),
            **fields,
        )

    public = add("Openbaar bericht", 1, section=Section.PUBLIC)
    members = add("Ledenbericht", 2, section=Section.MEMBERS)
    pending = add("Wacht op goedkeuring", 3, section=Section.PUBLIC, status=PostStatus.PENDING)
    shielded = add("Afgeschermd bericht", 4, section=Section.MEMBERS, audience=[reader])

    withdrawn = add("Ingetrokken bericht", 5, section=Section.MEMBERS, status=PostStatus.WITHDRAWN)
    rejected = add("Geweigerd bericht", 6, section=Section.PUBLIC, status=PostStatus.REJECTED)
    readers_own_pending = add("Mijn voorstel", 7, section=Section.PUBLIC, status=PostStatus.PENDING, by=reader)

    cases = [
        (None, [public]),
        (outsider, [public]),
        (waiting, [public]),
        (reader, [readers_own_pending, shielded, members, public]),
        # An author sees everything they wrote, refused and withdrawn included (with a badge).
        (author, [rejected, withdrawn, shielded, pending, members, public]),
        (moderator, [readers_own_pending, shielded, pending, members, public]),
    ]
    for user, visible in cases:
        if user is None:
            client.logout()
        else:
            client.force_login(user)
        html = client.get(posts_url(mixed_theme)).content.decode()
        expected = [post.pk for post in visible]
        assert post_ids(html) == expected, user
        assert facets(html)["categorie"]["Vraag"].count == len(expected), user
        if user != author:
            for hidden_title in ("Ingetrokken bericht", "Geweigerd bericht"):
                assert hidden_title not in html
    client.force_login(reader)
    html = client.get(posts_url(mixed_theme)).content.decode()
    assert "Waiting for approval" in html  # the reader's own waiting post says so
    assert "Wacht op goedkeuring" not in html


def test_closed_theme_lists_nothing_to_non_members(client, closed_theme, make_member, user_factory):
    author = make_member(closed_theme, "auteur@example.org")
    post = factories.post(author=author, page=closed_theme, title="Besloten verslag", category=closed_theme.vraag)
    for user in (None, user_factory("buiten@example.org")):
        if user:
            client.force_login(user)
        html = client.get(posts_url(closed_theme)).content.decode()
        assert post_ids(html) == []
        assert "Besloten verslag" not in html
        assert "facet__count" not in html
    client.force_login(author)
    assert post_ids(client.get(posts_url(closed_theme)).content.decode()) == [post.pk]


# --- Sorts -----------------------------------------------------------------------------------------------------


@pytest.fixture
def sorted_world(open_theme, open_subtheme, make_member, user_factory):
    """Five posts whose four sort orders all differ, with real reactions and stars; two ties per sort."""
    author = make_member(open_theme, "auteur@example.org")
    fans = [make_member(open_theme, f"fan{i}@example.org") for i in range(3)]
    minutes = {"A": 3, "B": 1, "C": 4, "D": 0, "E": 2}
    posts = {
        name: factories.post(
            author=author,
            page=open_subtheme if name == "D" else open_theme,
            title=f"Bericht {name}",
            when=T0 + timedelta(minutes=minute),
        )
        for name, minute in minutes.items()
    }
    # Reactions (in time order, so the last one is the newest): A none, B 2, C 1, D 3, E 1.
    reactions = [("E", 9), ("B", 8), ("D", 9.5), ("B", 10), ("D", 10.5), ("D", 11), ("C", 12)]
    for name, minute in reactions:
        factories.reaction(post=posts[name], author=fans[0], when=T0 + timedelta(minutes=minute))
    factories.reaction(post=posts["A"], author=fans[1], status=PostStatus.PENDING)  # a waiting one counts not
    stars = {"A": fans[:2], "C": fans[:1], "E": fans[1:3]}
    for name, users in stars.items():
        for user in users:
            factories.star(post=posts[name], user=user)
    return {name: post.pk for name, post in posts.items()}


@pytest.mark.parametrize(
    ("sort", "order"),
    [
        ("recent", "CAEBD"),
        ("reactions", "DBECA"),  # E and C both 1: the newer post (E) first
        ("recent-reactions", "CDBEA"),  # A has no reaction yet: last
        ("stars", "EACDB"),  # E and A both 2, D and B both 0: newer first
    ],
)
def test_each_sort_orders_the_posts(client, open_theme, sorted_world, sort, order):
    html = client.get(posts_url(open_theme, sort=sort)).content.decode()
    assert post_ids(html) == [sorted_world[name] for name in order]
    links = sort_links(html)
    assert [label for label, link in links.items() if link.selected] == [
        {
            "recent": "Most recent post",
            "reactions": "Most reactions",
            "recent-reactions": "Recent reactions",
            "stars": "Most stars",
        }[sort]
    ]


def test_no_sort_or_an_unknown_sort_means_most_recent(client, open_theme, sorted_world):
    recent = [sorted_world[name] for name in "CAEBD"]
    assert post_ids(client.get(open_theme.url).content.decode()) == recent
    html = client.get(posts_url(open_theme, sort="populair")).content.decode()
    assert post_ids(html) == recent
    assert sort_links(html)["Most recent post"].selected


def test_sort_counters_follow_the_rows(open_theme, sorted_world):
    from participation.models import Post
    from participation.posts.selectors import counters_drift

    counts = dict(Post.objects.values_list("title", "reaction_count"))
    assert counts == {"Bericht A": 0, "Bericht B": 2, "Bericht C": 1, "Bericht D": 3, "Bericht E": 1}
    assert list(counters_drift()) == []


# --- Facets -----------------------------------------------------------------------------------------------------


@dataclass
class FacetWorld:
    theme: object
    visible: list  # the posts an anonymous visitor sees, as dicts
    category_ids: set
    organisation_ids: set
    options: dict = field(default_factory=dict)  # group id -> option ids

    def expected(self, query):
        """The ids (newest first) an anonymous visitor should get for `query`: facets of this theme only."""
        category = _int(query.get("categorie"))
        organisation = _int(query.get("organisatie"))
        chosen = {
            group_id: _int(query.get(f"filter-{group_id}"))
            for group_id, option_ids in self.options.items()
            if _int(query.get(f"filter-{group_id}")) in option_ids
        }
        rows = [
            row
            for row in self.visible
            if (category not in self.category_ids or row["category"] == category)
            and (organisation not in self.organisation_ids or row["organisation"] == organisation)
            and all(option in row["options"] for option in chosen.values())
        ]
        return [row["pk"] for row in sorted(rows, key=lambda row: (row["sort_at"], row["pk"]), reverse=True)]


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@pytest.fixture
def facet_world(settings, open_theme, open_subtheme, organisation, make_member):
    """72 published posts: every combination of category (Vraag, Idee, none), Regio (none, Noord, Zuid,
    both), Doelgroep (none, Jong) and organisation (Fietsersbond, Buurtcomité, none); plus posts nobody
    but their author or a moderator sees, carrying the same facets."""
    settings.PARTICIPATION_PAGE_SIZE = 100
    theme = open_theme
    doelgroep = factories.filter_group(page=theme, name="Doelgroep", options=["Jong", "Oud"])
    noord, zuid = theme.regio.options.order_by("sort_order")
    jong, _oud = doelgroep.options.order_by("sort_order")
    bond = participating(organisation, "Fietsersbond", theme)
    comite = participating(organisation, "Buurtcomite", theme)
    author = make_member(theme, "auteur@example.org")
    visible = []
    combinations = product(
        [theme.vraag, theme.idee, None], [(), (noord,), (zuid,), (noord, zuid)], [(), (jong,)], [bond, comite, None]
    )
    for i, (category, regio, doel, fiche) in enumerate(combinations):
        post = factories.post(
            author=author,
            page=open_subtheme if i % 5 == 0 else theme,
            category=category,
            options=[*regio, *doel],
            on_behalf_of=fiche,
            when=T0 + timedelta(minutes=i),
        )
        visible.append(
            {
                "pk": post.pk,
                "category": category.pk if category else None,
                "organisation": fiche.pk if fiche else None,
                "options": {option.pk for option in [*regio, *doel]},
                "sort_at": post.sort_at,
            }
        )
    for status in (PostStatus.PENDING, PostStatus.REJECTED, PostStatus.WITHDRAWN, PostStatus.HIDDEN):
        factories.post(
            author=author, page=theme, status=status, category=theme.vraag, options=[noord, jong], on_behalf_of=bond
        )
    return FacetWorld(
        theme=theme,
        visible=visible,
        category_ids={theme.vraag.pk, theme.idee.pk},
        organisation_ids={bond.pk, comite.pk},
        options={
            theme.regio.pk: {noord.pk, zuid.pk},
            doelgroep.pk: set(doelgroep.options.values_list("pk", flat=True)),
        },
    )


def _facet_query(query):
    return {key: value for key, value in query.items() if key in ("categorie", "organisatie", "sort")} | {
        key: value for key, value in query.items() if key.startswith("filter-")
    }


def check_listing(client, world, query):
    """The listing at `query` shows exactly the posts its facets select, and every facet option shows the
    number of posts its link leads to (facets of one kind counted with the others applied)."""
    url = posts_url(world.theme, **query)
    ids, _pages = all_pages(client, url)
    assert ids == world.expected(query), query
    html = client.get(url).content.decode()
    shown = facets(html)
    assert shown, "facets are shown"
    for key, options in shown.items():
        for label, option in options.items():
            link_query = option.query
            assert link_query.get("tab") == "berichten"
            assert "na" not in link_query
            if option.selected:
                # Choosing a chosen option again removes it; its count is the posts listed now.
                assert key not in link_query, (key, label)
                assert option.count == len(world.expected(query)), (key, label)
            else:
                # The link keeps the sort and the other facets and sets this one.
                assert _facet_query(link_query) == {k: str(v) for k, v in ({**query, key: link_query[key]}).items()}
                assert option.count == len(world.expected(link_query)), (query, key, label)
                assert option.count > 0, "options that would show nothing are left out"
                linked, _pages = all_pages(client, option.url)
                assert len(linked) == option.count, (query, key, label)
    return shown


def test_facet_counts_match_what_choosing_them_lists(client, facet_world):
    w = facet_world
    regio = next(iter(w.options))
    noord = min(w.options[regio])
    vraag = min(w.category_ids)
    bond = min(w.organisation_ids)
    queries = [
        {},
        {"categorie": vraag},
        {"categorie": vraag, f"filter-{regio}": noord},
        {"categorie": vraag, f"filter-{regio}": noord, "organisatie": bond, "sort": "stars"},
        {"organisatie": bond, "sort": "reactions"},
    ]
    for query in queries:
        check_listing(client, w, query)


def test_every_facet_option_is_listed_with_its_count_when_nothing_is_chosen(client, facet_world):
    shown = facets(client.get(posts_url(facet_world.theme)).content.decode())
    counts = {key: {label: option.count for label, option in options.items()} for key, options in shown.items()}
    regio, doelgroep = facet_world.options
    # 72 posts: a third per category and per organisation, half of them in Noord, half in Zuid, half Jong.
    assert counts == {
        "categorie": {"Vraag": 24, "Idee": 24},
        f"filter-{regio}": {"Noord": 36, "Zuid": 36},
        f"filter-{doelgroep}": {"Jong": 36},  # nobody chose "Oud": not offered
        "organisatie": {"Fietsersbond": 24, "Buurtcomite": 24},
    }


def test_facets_combine_and_sort_links_keep_them(client, facet_world):
    w = facet_world
    regio, doelgroep = w.options
    noord, jong = min(w.options[regio]), min(w.options[doelgroep])
    idee = max(w.category_ids)
    comite = max(w.organisation_ids)
    query = {"categorie": idee, f"filter-{regio}": noord, f"filter-{doelgroep}": jong, "organisatie": comite}
    html = client.get(posts_url(w.theme, sort="recent-reactions", **query)).content.decode()
    # Idee × (Noord, Noord+Zuid) × Jong × Buurtcomité: two posts.
    assert len(post_ids(html)) == 2 == len(w.expected(query))
    for label, link in sort_links(html).items():
        expected_sort = {"Most recent post": None, "Most reactions": "reactions", "Most stars": "stars"}.get(
            label, "recent-reactions"
        )
        assert link.query.get("sort") == expected_sort, label
        assert {key: link.query[key] for key in query} == {key: str(value) for key, value in query.items()}
        assert "na" not in link.query
    assert "Show all posts again" in html
    clear = html.split("Show all posts again")[0].rsplit('href="', 1)[1].split('"')[0]
    assert "categorie" not in clear and "filter-" not in clear and "organisatie" not in clear
    assert "sort=recent-reactions" in clear


def test_a_facet_of_another_theme_is_ignored(client, facet_world, organisation):
    """A category, filter option or organisation of another theme in the URL changes nothing (no empty
    list, no error): the visitor sees the listing without that facet."""
    w = facet_world
    other = theme_page(title="Cultuur", organisation=organisation, group_type=GroupType.OPEN)
    other_category = factories.category(page=other, name="Vraag")
    other_group = factories.filter_group(page=other, name="Regio", options=["Noord"])
    other_option = other_group.options.get()
    elsewhere = participating(organisation, "Toneelkring", other)
    regio = next(iter(w.options))
    everything = w.expected({})
    for query in (
        {"categorie": other_category.pk},
        {"organisatie": elsewhere.pk},
        {f"filter-{regio}": other_option.pk},  # another theme's option under this theme's group
        {f"filter-{other_group.pk}": other_option.pk},  # another theme's group
        {"categorie": "vraag", "organisatie": "-3", f"filter-{regio}": "9" * 30},
    ):
        html = client.get(posts_url(w.theme, **query)).content.decode()
        assert post_ids(html) == everything, query
        assert "Show all posts again" not in html
        assert facets(html)["categorie"]["Vraag"].count == 24
    # The theme's own facet still works beside a foreign one.
    vraag = min(w.category_ids)
    html = client.get(posts_url(w.theme, categorie=vraag, organisatie=elsewhere.pk)).content.decode()
    assert post_ids(html) == w.expected({"categorie": vraag})


def test_subtheme_page_facets_count_only_its_own_posts(client, facet_world, open_subtheme):
    w = facet_world
    own = [
        row for row in w.visible if row["pk"] in set(post_ids(client.get(posts_url(open_subtheme)).content.decode()))
    ]
    assert len(own) == 15  # every fifth of the 72
    shown = facets(client.get(posts_url(open_subtheme)).content.decode())
    vraag = min(w.category_ids)
    assert shown["categorie"]["Vraag"].count == sum(1 for row in own if row["category"] == vraag)
    link = shown["categorie"]["Vraag"]
    assert urlsplit(link.url).path == open_subtheme.url
    ids, _pages = all_pages(client, link.url)
    assert len(ids) == link.count


# --- Load more (keyset pagination) ---------------------------------------------------------------------------


@pytest.fixture
def paged_world(settings, open_theme, open_subtheme, make_member, organisation):
    """14 published posts with ties in every sort column, three per page; and posts that must never show."""
    settings.PARTICIPATION_PAGE_SIZE = 3
    author = make_member(open_theme, "auteur@example.org")
    other_author = make_member(open_theme, "ander@example.org")
    other_theme = theme_page(title="Cultuur", organisation=organisation, group_type=GroupType.OPEN)
    visible = []
    for i in range(14):
        if i % 4 == 1:  # interleave posts the visitor may not see
            factories.post(author=other_author, page=open_theme, status=PostStatus.PENDING, when=T0)
            factories.post(author=author, page=other_theme, when=T0 + timedelta(minutes=i))
        visible.append(
            factories.post(
                author=author,
                page=open_subtheme if i % 3 == 0 else open_theme,
                category=open_theme.vraag if i % 2 else open_theme.idee,
                when=T0 + timedelta(minutes=i // 3),  # three posts at the same time
                star_count=i % 3,
                reaction_count=(i * 7) % 4 // 2,
                last_reaction_at=(T0 + timedelta(hours=1 + i % 2)) if i % 5 else NO_REACTION_YET,
            )
        )
    return fresh(visible)


@pytest.mark.parametrize("sort", list(SORT_COLUMNS))
def test_load_more_pages_through_every_post_once_in_order(client, open_theme, paged_world, sort):
    expected = expected_order(paged_world, sort)
    ids, pages = all_pages(client, posts_url(open_theme, sort=sort))
    assert ids == expected
    assert pages == 5  # 14 posts, three a page
    assert all_fragments(client, posts_url(open_theme, sort=sort)) == expected


@pytest.mark.parametrize("sort", ["recent", "stars"])
def test_load_more_keeps_the_facets(client, open_theme, paged_world, sort):
    vraag = open_theme.vraag.pk
    expected = expected_order([post for post in paged_world if post.category_id == vraag], sort)
    ids, _pages = all_pages(client, posts_url(open_theme, sort=sort, categorie=vraag))
    assert ids == expected
    assert all_fragments(client, posts_url(open_theme, sort=sort, categorie=vraag)) == expected


def test_load_more_on_a_subtheme_stays_on_the_subtheme(client, open_subtheme, paged_world):
    own = [post for post in paged_world if post.page_id == open_subtheme.pk]
    ids, _pages = all_pages(client, posts_url(open_subtheme))
    assert ids == expected_order(own, "recent")
    assert all_fragments(client, posts_url(open_subtheme)) == expected_order(own, "recent")


def test_load_more_links_and_the_way_back(client, open_theme, paged_world):
    html = client.get(posts_url(open_theme, sort="stars")).content.decode()
    page_url, fragment_url = more(html)
    assert "Back to the newest posts" not in html
    assert urlsplit(page_url).path == open_theme.url
    query = parse_qs(urlsplit(page_url).query)
    assert query["sort"] == ["stars"] and query["tab"] == ["berichten"] and query["na"]
    assert urlsplit(fragment_url).path == reverse("participation:posts_fragment", args=[open_theme.pk])
    assert parse_qs(urlsplit(fragment_url).query)["na"] == query["na"]
    second = client.get(local(page_url)).content.decode()
    assert "Back to the newest posts" in second
    # The last page offers no more.
    ids, pages = all_pages(client, posts_url(open_theme, sort="stars"))
    last = client.get(local(posts_url(open_theme, sort="stars"))).content.decode()
    for _ in range(pages - 1):
        last = client.get(local(more(last)[0])).content.decode()
    assert more(last) == (None, None)
    assert post_ids(last) == ids[-2:]


GARBAGE_CURSORS = {
    "not-base64": "garbage",
    "punctuation": "!!!",
    "too-long": "x" * 300,
    "infinity": cursor("[1e400,1]"),
    "nan": cursor("[NaN,1]"),
    "time-without-zone": cursor(["2026-01-01T00:00:00", 5]),
    "before-year-1-utc": cursor(["0001-01-01T00:00:00+14:00", 5]),
    "after-year-9999-utc": cursor(["9999-12-31T23:59:59.999999-14:00", 5]),
    "id-beyond-bigint": cursor([3, 10**30]),
    "negative": cursor([-1, 5]),
    "boolean": cursor([True, 5]),
    "object": cursor({"a": 1}),
    "three-values": cursor([1, 2, 3]),
    "null": cursor(None),
}


@pytest.mark.parametrize("garbage", list(GARBAGE_CURSORS.values()), ids=list(GARBAGE_CURSORS))
@pytest.mark.parametrize("sort", ["recent", "stars"])
def test_a_garbage_cursor_shows_the_first_page(client, open_theme, paged_world, garbage, sort):
    first = post_ids(client.get(posts_url(open_theme, sort=sort)).content.decode())
    response = client.get(posts_url(open_theme, sort=sort, na=garbage))
    assert response.status_code == 200
    assert post_ids(response.content.decode()) == first == expected_order(paged_world, sort)[:3]
    fragment = client.get(
        reverse("participation:posts_fragment", args=[open_theme.pk]) + f"?sort={sort}&na={garbage}",
        headers={"hx-request": "true"},
    )
    assert post_ids(fragment.content.decode()) == first


def test_the_fragment_returns_the_next_items_and_an_out_of_band_more_link(client, open_theme, paged_world):
    first = client.get(posts_url(open_theme)).content.decode()
    page_url, fragment_url = more(first)
    response = client.get(fragment_url, headers={"hx-request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'id="post-list"' not in html  # list items only, appended to the list
    assert post_ids(html) == expected_order(paged_world, "recent")[3:6]
    assert is_out_of_band(html)
    assert more(html)[1] is not None
    assert "no-store" in response["Cache-Control"]
    # The same cursor as a full page shows the same posts.
    assert post_ids(client.get(local(page_url)).content.decode()) == post_ids(html)


def test_the_fragment_without_htmx_redirects_to_the_theme_page(client, open_theme, paged_world):
    first = client.get(posts_url(open_theme, sort="reactions")).content.decode()
    _page_url, fragment_url = more(first)
    response = client.get(fragment_url)
    assert response.status_code == 302
    target = urlsplit(response["Location"])
    assert target.path == open_theme.url
    assert target.fragment == "tab-panel"
    query = parse_qs(target.query)
    assert query["tab"] == ["berichten"] and query["sort"] == ["reactions"]
    assert query["na"] == parse_qs(urlsplit(fragment_url).query)["na"]
    followed = client.get(local(response["Location"])).content.decode()
    assert post_ids(followed) == expected_order(paged_world, "reactions")[3:6]


def test_the_fragment_of_a_page_the_visitor_may_not_see_is_404(client, organisation, make_member):
    hidden = theme_page(title="Verborgen", organisation=organisation, group_type=GroupType.OPEN, hidden=True)
    author = make_member(hidden, "auteur@example.org")
    factories.post(author=author, page=hidden)
    url = reverse("participation:posts_fragment", args=[hidden.pk])
    assert client.get(url, headers={"hx-request": "true"}).status_code == 404
    assert client.get(url).status_code == 404
    subtheme = subtheme_page(title="Ook verborgen", theme=hidden)
    assert client.get(reverse("participation:posts_fragment", args=[subtheme.pk])).status_code == 404
    assert client.get(reverse("participation:posts_fragment", args=[organisation.pk])).status_code == 404


def test_the_fragment_lists_only_what_the_visitor_may_see(client, mixed_theme, make_member, settings):
    settings.PARTICIPATION_PAGE_SIZE = 1
    author = make_member(mixed_theme, "auteur@example.org")
    public = [
        factories.post(author=author, page=mixed_theme, section=Section.PUBLIC, when=T0 + timedelta(minutes=i))
        for i in range(3)
    ]
    factories.post(author=author, page=mixed_theme, section=Section.MEMBERS, when=T0 + timedelta(minutes=10))
    assert all_fragments(client, posts_url(mixed_theme)) == [post.pk for post in reversed(public)]
    client.force_login(author)
    assert len(all_fragments(client, posts_url(mixed_theme))) == 4
