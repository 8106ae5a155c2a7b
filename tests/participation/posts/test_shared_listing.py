"""PERF-01/PERF-02, issue 14: a signed-in member's theme listing is built from the part they share with everyone of the
same standing (cached once) and their own part (their waiting, hidden, refused and withdrawn posts, the shielded
posts picked for them). These tests hold it to the one visibility definition (``Post.objects.visible_to``): every
reader reaches exactly the posts they may see, in the order of every sort, with and without facets, through every
"Load more" page, with the same facet counts; the personal marks (their star, their CSRF token) are theirs; and the
member page's queries stay constant when the theme grows (SEC-01: nothing shared leaks between readers)."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from participation import factories
from participation.models import Block, Post, PostStatus, Section
from participation.posts import selectors
from tests.participation.posts.listing_html import facets, local, more, post_ids

pytestmark = pytest.mark.django_db

PAGE_SIZE = 3
SORTS = ["recent", "reactions", "recent-reactions", "stars"]


@pytest.fixture
def mixed_world(settings, mixed_theme, organisation, make_member, user_factory):
    """A mixed theme with a subtheme, and posts of every kind for three readers: `ann` (a member with own posts in
    every status and a shielded post picked for her), `bob` (a member without own posts, who starred some) and `cas`
    (signed in, not a member, with a refused post of her own)."""
    from themes.factories import subtheme_page

    settings.PARTICIPATION_PAGE_SIZE = PAGE_SIZE
    theme = mixed_theme
    sub = subtheme_page(title="Pleinen", theme=theme)
    ann = make_member(theme, "ann@example.org")
    bob = make_member(theme, "bob@example.org")
    dirk = make_member(theme, "dirk@example.org")
    cas = user_factory("cas@example.org")
    noord, zuid = theme.regio.options.order_by("sort_order")
    start = timezone.now() - timedelta(days=10)
    made = []

    def add(author, *, page=theme, minutes, **fields):
        post = factories.post(author=author, page=page, when=start + timedelta(minutes=minutes), **fields)
        made.append(post)
        return post

    for i in range(8):  # public and members' posts by someone else, some in the subtheme, some with facets
        add(
            dirk,
            page=sub if i % 3 == 0 else theme,
            minutes=i * 10,
            section=Section.MEMBERS if i % 2 else Section.PUBLIC,
            category=theme.vraag if i % 2 else theme.idee,
            options=[noord] if i % 4 < 2 else [zuid],
            star_count=i % 3,
            reaction_count=(i * 7) % 4,
        )
    add(dirk, minutes=5, audience=[ann], category=theme.vraag, options=[noord])  # shielded for ann
    add(dirk, minutes=6, audience=[bob], category=theme.vraag)  # shielded for bob only
    add(dirk, minutes=7, status=PostStatus.PENDING, category=theme.vraag)  # dirk's own: invisible to the others
    for minutes, status in [
        (3, PostStatus.PENDING),
        (13, PostStatus.HIDDEN),
        (23, PostStatus.REJECTED),
        (33, PostStatus.WITHDRAWN),
    ]:
        add(ann, minutes=minutes, status=status, category=theme.vraag, options=[noord])
    add(ann, minutes=43, category=theme.idee)  # published and public: in the shared part
    add(cas, minutes=53, status=PostStatus.REJECTED, category=theme.idee)
    for post in made[:4]:
        factories.star(post=post, user=bob)
    return theme, sub, {"ann": ann, "bob": bob, "cas": cas}, {"vraag": theme.vraag, "noord": noord}


def expected(user, page, sort, **filters):
    """The posts `user` may see on `page`, in the sort's order, straight from ``visible_to``."""
    column = selectors.SORTS[sort][1]
    scope = {"theme_id": page.pk} if page.specific_class.__name__ == "ThemePage" else {"page_id": page.pk}
    posts = Post.objects.visible_to(user).filter(**scope, **filters)
    return list(posts.order_by(f"-{column}", "-pk").values_list("pk", flat=True))


def walk(client, url):
    """Every post id reached from `url` following "Load more" (full pages), and the first page's HTML."""
    html = client.get(url).content.decode()
    first, ids = html, post_ids(html)
    while ids and (next_url := more(html)[0]) is not None:
        html = client.get(local(next_url)).content.decode()
        ids += post_ids(html)
    return ids, first


@pytest.mark.parametrize("reader", ["ann", "bob", "cas"])
def test_every_reader_reaches_exactly_the_posts_visible_to_them_in_every_sort(client, mixed_world, reader):
    """SEC-01: the merged listing is the visible_to listing, for a member with own and picked posts, a member with
    none and a signed-in non-member with a refused post of her own, on the theme and on its subtheme."""
    theme, sub, readers, picks = mixed_world
    user = readers[reader]
    client.force_login(user)
    for page, sorts in ((theme, SORTS), (sub, ["recent", "stars"])):
        for sort in sorts:
            ids, _html = walk(client, f"{page.url}?tab=berichten&sort={sort}")
            assert ids == expected(user, page, sort), (reader, page.title, sort)
        url = f"{page.url}?tab=berichten&sort=stars&categorie={picks['vraag'].pk}&filter-{theme.regio.pk}={picks['noord'].pk}"
        ids, _html = walk(client, url)
        assert ids == expected(user, page, "stars", category=picks["vraag"], filter_options=picks["noord"]), (
            reader,
            page.title,
            "facets",
        )


def test_the_nearest_forbidden_posts_stay_out(client, mixed_world):
    """Bob shares Ann's standing (both members) but never gets her waiting, hidden, refused or withdrawn posts or
    the post shielded for her; Cas (not a member) gets no members' post; both after Ann filled the shared cache."""
    theme, _sub, readers, _picks = mixed_world
    ann, bob, cas = readers["ann"], readers["bob"], readers["cas"]
    client.force_login(ann)
    ann_ids, _html = walk(client, f"{theme.url}?tab=berichten")
    own_hidden = set(Post.objects.filter(author=ann).exclude(status=PostStatus.PUBLISHED).values_list("pk", flat=True))
    picked_for_ann = set(Post.objects.filter(audience=ann).values_list("pk", flat=True))
    assert own_hidden | picked_for_ann <= set(ann_ids)

    client.force_login(bob)
    bob_ids, _html = walk(client, f"{theme.url}?tab=berichten")
    assert not (own_hidden | picked_for_ann) & set(bob_ids)

    client.force_login(cas)
    cas_ids, _html = walk(client, f"{theme.url}?tab=berichten")
    members_posts = set(Post.objects.filter(section=Section.MEMBERS).values_list("pk", flat=True))
    assert not members_posts & set(cas_ids)
    assert set(cas_ids) == set(expected(cas, theme, "recent"))


@pytest.mark.parametrize("reader", ["ann", "bob", "cas"])
def test_facet_counts_are_the_readers_own(client, mixed_world, reader):
    """The counts next to the listing count what this reader gets by choosing the option: the shared part's counts
    plus their own posts', equal to counting their visible posts."""
    theme, _sub, readers, picks = mixed_world
    user = readers[reader]
    client.force_login(user)
    html = client.get(f"{theme.url}?tab=berichten").content.decode()
    shown = facets(html)
    visible = Post.objects.visible_to(user).filter(theme=theme)
    assert _count(shown, "categorie", "Vraag") == visible.filter(category=picks["vraag"]).count()
    assert _count(shown, f"filter-{theme.regio.pk}", "Noord") == visible.filter(filter_options=picks["noord"]).count()
    # Chosen: the other facet's counts are counted with the choice applied.
    html = client.get(f"{theme.url}?tab=berichten&categorie={picks['vraag'].pk}").content.decode()
    shown = facets(html)
    assert (
        _count(shown, f"filter-{theme.regio.pk}", "Noord")
        == visible.filter(category=picks["vraag"], filter_options=picks["noord"]).count()
    )


def _count(shown, key, label):
    """The count shown next to an option; an option nobody would get is not shown (0)."""
    option = shown.get(key, {}).get(label)
    return option.count if option else 0


def test_the_star_and_the_csrf_token_are_the_readers_own(client, mixed_world):
    """Bob sees his stars pressed, Ann (same standing, same cached part) does not; each page carries its reader's
    CSRF token (never the placeholder of the shared part) and the star form works with it."""
    theme, _sub, readers, _picks = mixed_world
    ann, bob = readers["ann"], readers["bob"]
    from participation.posts.presenters import _csrf_placeholder

    client.force_login(bob)
    first = post_ids(client.get(f"{theme.url}?tab=berichten").content.decode())[0]
    factories.star(post=Post.objects.get(pk=first), user=bob)
    starred = set(Post.objects.filter(stars__user=bob).values_list("pk", flat=True))

    pages = {}
    for user in (ann, bob):
        csrf_client = type(client)(enforce_csrf_checks=True, headers={"accept-language": "en"})
        csrf_client.force_login(user)
        html = csrf_client.get(f"{theme.url}?tab=berichten").content.decode()
        assert _csrf_placeholder() not in html
        pages[user.email] = (csrf_client, html)
    bob_html = pages["bob@example.org"][1]
    ann_html = pages["ann@example.org"][1]
    shown_starred = [pk for pk in post_ids(bob_html) if pk in starred]
    assert shown_starred, "the test needs a starred post on the first page"
    for pk in shown_starred:
        assert _star_pressed(bob_html, pk)
        assert not _star_pressed(ann_html, pk)

    # Ann's form, with the token of her page, stars the post (CSRF checks on).
    csrf_client, html = pages["ann@example.org"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    pk = shown_starred[0]
    response = csrf_client.post(
        reverse("participation:star", args=[pk]), {"starred": "1", "csrfmiddlewaretoken": token}
    )
    assert response.status_code in (200, 302), response.status_code
    html = csrf_client.get(f"{theme.url}?tab=berichten").content.decode()
    assert _star_pressed(html, pk), "after starring, her own page shows her star at once"


def _star_pressed(html, pk):
    start = html.index(f'id="bericht-{pk}"')
    card = html[start : html.index("</article>", start)]
    return 'aria-pressed="true"' in card


def test_a_blocked_member_sees_the_posts_but_no_star_button(client, mixed_world, make_moderator):
    """A blocked member keeps reading what members read, but the shared part they get has no star buttons
    (nearest forbidden of a member who may star)."""
    theme, _sub, readers, _picks = mixed_world
    bob = readers["bob"]
    client.force_login(readers["ann"])
    assert 'class="star-form"' in client.get(f"{theme.url}?tab=berichten").content.decode()
    Block.objects.create(user=bob, theme=theme, reason="Test", created_by=make_moderator(theme, "beheer@example.org"))
    client.force_login(bob)
    html = client.get(f"{theme.url}?tab=berichten").content.decode()
    assert post_ids(html) == expected(bob, theme, "recent")[:PAGE_SIZE]
    assert 'class="star-form"' not in html


def test_a_member_who_joined_an_open_theme_at_once_gets_no_older_members_posts(
    client, settings, open_theme, make_member
):
    """The members' posts written for moderator-admitted members before someone joined at once are not theirs,
    while a member admitted before reads them: two standings, two shared parts."""
    settings.PARTICIPATION_PAGE_SIZE = PAGE_SIZE
    author = make_member(open_theme, "auteur@example.org")
    old = factories.post(
        author=author,
        page=open_theme,
        section=Section.MEMBERS,
        theme_type_at_writing="closed",
        when=timezone.now() - timedelta(days=3),
    )
    Post.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    public = factories.post(author=author, page=open_theme)
    newcomer = make_member(open_theme, "nieuw@example.org", joined_at_once=True, decided_at=timezone.now())
    client.force_login(author)
    assert set(walk(client, f"{open_theme.url}?tab=berichten")[0]) == {old.pk, public.pk}
    client.force_login(newcomer)
    assert walk(client, f"{open_theme.url}?tab=berichten")[0] == [public.pk]


@pytest.mark.parametrize("size", [10, 300])
def test_a_member_page_with_own_posts_runs_constant_queries(
    client, settings, open_theme, make_member, django_assert_max_num_queries, size
):
    """PERF-02: a member with waiting and shielded posts of their own, at 10 and at 300 posts in the theme: the
    first page, a deeper page and the "Load more" fragment stay within the same small number of queries (the page
    after a change re-reads the shared part, its counts and the member's own posts; then they come from the cache)."""
    settings.PARTICIPATION_PAGE_SIZE = PAGE_SIZE
    author = make_member(open_theme, "auteur@example.org")
    member = make_member(open_theme, "lid@example.org")
    start = timezone.now() - timedelta(days=5)
    Post.objects.bulk_create(
        [
            Post(
                theme_id=open_theme.pk,
                page_id=open_theme.pk,
                author=author if i % 4 else member,
                category=open_theme.vraag,
                title=f"Bericht {i}",
                body="<p>Tekst.</p>",
                section=Section.PUBLIC,
                status=PostStatus.PENDING if i % 8 == 0 else PostStatus.PUBLISHED,
                sort_at=start + timedelta(minutes=i),
                star_count=i % 5,
            )
            for i in range(size)
        ]
    )
    factories.post(author=author, page=open_theme, audience=[member], title="Voor lid")
    selectors.new_content_version(open_theme.pk)
    client.force_login(member)
    url = f"{open_theme.url}?tab=berichten&sort=stars&categorie={open_theme.vraag.pk}"
    html = client.get(url).content.decode()
    page_url, fragment_url = more(html)
    with django_assert_max_num_queries(12):  # after a change: shared part, its counts and their own posts read again
        selectors.new_content_version(open_theme.pk)
        assert len(post_ids(client.get(url).content.decode())) == PAGE_SIZE
    with django_assert_max_num_queries(8):
        assert len(post_ids(client.get(url).content.decode())) == PAGE_SIZE
    client.get(local(page_url))
    with django_assert_max_num_queries(8):
        client.get(local(page_url))
    client.get(fragment_url, headers={"hx-request": "true"})
    with django_assert_max_num_queries(4):
        client.get(fragment_url, headers={"hx-request": "true"})
    ids, _html = walk(client, f"{open_theme.url}?tab=berichten&sort=stars")
    assert ids == expected(member, open_theme, "stars")


def test_visitors_still_get_only_public_posts(client, mixed_world):
    """Nearest forbidden of the members' shared part: a visitor's listing is the public one."""
    theme, _sub, _readers, _picks = mixed_world
    ids, _html = walk(client, f"{theme.url}?tab=berichten")
    assert ids == expected(AnonymousUser(), theme, "recent")
