"""Stars (sterretjes): a member stars or unstars a published post, with or without htmx; who may not star
gets nothing written; identical requests at the same time leave one star (SEC-12, REL-02); the counter
always equals the stars (REL-10)."""

import random
import threading
from collections import Counter

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from participation import factories
from participation.models import MembershipStatus, Post, PostStatus, Section, Star
from participation.posts import selectors as post_selectors
from participation.posts import services as post_services
from tests.fixtures.browser import ensure_wagtail_tree

pytestmark = pytest.mark.django_db

POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the in-memory SQLite test database cannot be shared by concurrent connections "
    "(CI runs PostgreSQL; run with DATABASE_URL=postgres://...)",
)


def star_url(post):
    return reverse("participation:star", args=[post.pk])


def star(client, post, starred=True, htmx=False, **data):
    headers = {"hx-request": "true"} if htmx else {}
    return client.post(star_url(post), {"starred": "1" if starred else "0", **data}, headers=headers)


def stars_of(post):
    post.refresh_from_db()
    return Star.objects.filter(post=post).count(), post.star_count


@pytest.fixture
def member(open_theme, make_member):
    return make_member(open_theme, "lid@example.org")


@pytest.fixture
def post(open_theme, make_member):
    author = make_member(open_theme, "auteur@example.org")
    return factories.post(author=author, page=open_theme, title="Fietsbrug")


# --- Starring through the view --------------------------------------------------------------------------------


def test_a_member_stars_and_unstars_a_post(client, member, post):
    client.force_login(member)
    response = star(client, post)
    assert response.status_code == 302
    assert response["Location"] == post.get_absolute_url()
    assert stars_of(post) == (1, 1)
    assert Star.objects.get().user == member

    response = star(client, post, starred=False)
    assert response.status_code == 302
    assert stars_of(post) == (0, 0)


def test_starring_twice_leaves_one_star_and_unstarring_twice_none(client, member, post):
    """SEC-12: the form says the state wanted, so a double click cannot add a second star or undo the first."""
    client.force_login(member)
    star(client, post)
    star(client, post)
    assert stars_of(post) == (1, 1)
    star(client, post, starred=False)
    star(client, post, starred=False)
    assert stars_of(post) == (0, 0)


def test_stars_of_several_members_add_up(client, open_theme, member, post, make_member):
    other = make_member(open_theme, "ander@example.org")
    for user in (member, other):
        client.force_login(user)
        star(client, post)
    assert stars_of(post) == (2, 2)
    client.force_login(other)
    star(client, post, starred=False)
    assert stars_of(post) == (1, 1)
    assert Star.objects.get().user == member


def test_the_star_goes_back_to_the_page_it_was_given_on(client, open_theme, member, post):
    client.force_login(member)
    here = f"{open_theme.url}?tab=berichten&sort=stars"
    assert star(client, post, next=here)["Location"] == here
    # Never to another site.
    assert star(client, post, next="https://evil.example/")["Location"] == post.get_absolute_url()


def test_htmx_returns_the_updated_button(client, open_theme, member, post, make_member):
    other = make_member(open_theme, "ander@example.org")
    factories.star(post=post, user=other)
    client.force_login(member)

    response = star(client, post, htmx=True)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'aria-pressed="true"' in html
    assert "2 stars" in html
    assert 'name="starred" value="0"' in html  # the next click unstars
    assert f'hx-post="{star_url(post)}"' in html

    response = star(client, post, starred=False, htmx=True)
    html = response.content.decode()
    assert 'aria-pressed="false"' in html
    assert "1 star" in html and "1 stars" not in html
    assert 'name="starred" value="1"' in html
    assert stars_of(post) == (1, 1)


def test_the_theme_page_shows_which_posts_i_starred(client, open_theme, member, post, make_member):
    author = post.author
    other = factories.post(author=author, page=open_theme, title="Zebrapad")
    client.force_login(member)
    star(client, post)
    html = client.get(f"{open_theme.url}?tab=berichten").content.decode()
    mine = html.split(f'id="bericht-{post.pk}"')[1].split("</li>")[0]
    theirs = html.split(f'id="bericht-{other.pk}"')[1].split("</li>")[0]
    assert 'aria-pressed="true"' in mine and "1 star" in mine
    assert 'aria-pressed="false"' in theirs and "0 stars" in theirs
    # A visitor sees the count, not a button.
    client.logout()
    html = client.get(f"{open_theme.url}?tab=berichten").content.decode()
    assert "aria-pressed" not in html
    assert "1 star" in html


# --- Who may not star --------------------------------------------------------------------------------------------


def test_an_anonymous_visitor_is_sent_to_log_in(client, post):
    response = star(client, post)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next={post.get_absolute_url()}" in response["Location"]
    response = star(client, post, htmx=True)
    assert response.status_code == 302
    assert stars_of(post) == (0, 0)


@pytest.mark.parametrize("htmx", [False, True])
def test_a_waiting_member_and_a_non_member_cannot_star(client, open_theme, post, make_member, user_factory, htmx):
    """SEC-03: the button is not shown to them, and a forged POST writes nothing."""
    waiting = make_member(open_theme, "wachtend@example.org", status=MembershipStatus.PENDING)
    left = make_member(open_theme, "vertrokken@example.org", status=MembershipStatus.LEFT)
    outsider = user_factory("buiten@example.org")
    for user in (waiting, left, outsider):
        client.force_login(user)
        response = star(client, post, htmx=htmx)
        assert response.status_code == 403, user
        assert "Only members of this working group can give a star" in response.content.decode()
    assert stars_of(post) == (0, 0)


def test_a_member_of_another_theme_cannot_star(client, open_theme, mixed_theme, post, make_member):
    stranger = make_member(mixed_theme, "ander-thema@example.org")
    client.force_login(stranger)
    assert star(client, post).status_code == 403
    assert stars_of(post) == (0, 0)


def test_a_post_i_cannot_see_answers_404(client, open_theme, closed_theme, mixed_theme, member, make_member):
    """SEC-01: a post of a closed theme, a members' section post and someone else's waiting post are as
    missing as a post that does not exist."""
    closed_author = make_member(closed_theme, "besloten@example.org")
    closed_post = factories.post(author=closed_author, page=closed_theme)
    mixed_author = make_member(mixed_theme, "gemengd@example.org")
    members_post = factories.post(author=mixed_author, page=mixed_theme, section=Section.MEMBERS)
    author = make_member(open_theme, "auteur@example.org")
    waiting_post = factories.post(author=author, page=open_theme, status=PostStatus.PENDING)
    withdrawn_post = factories.post(author=author, page=open_theme, status=PostStatus.WITHDRAWN)
    factories.membership(user=member, theme=mixed_theme, status=MembershipStatus.PENDING)
    client.force_login(member)
    missing = Post(pk=999_999)
    for hidden in (closed_post, members_post, waiting_post, withdrawn_post, missing):
        for htmx in (False, True):
            assert star(client, hidden, htmx=htmx).status_code == 404, hidden.pk
    assert Star.objects.count() == 0


def test_my_own_waiting_post_cannot_be_starred_yet(client, open_theme, member):
    mine = factories.post(author=member, page=open_theme, status=PostStatus.PENDING)
    client.force_login(member)
    response = star(client, mine)
    assert response.status_code == 403
    assert "You can give a star once the post has been published." in response.content.decode()
    assert stars_of(mine) == (0, 0)


def test_starring_is_post_only_and_needs_the_csrf_token(member, post):
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en"})
    client.force_login(member)
    assert client.get(star_url(post)).status_code == 405
    assert client.post(star_url(post), {"starred": "1"}).status_code == 403
    assert stars_of(post) == (0, 0)


# --- At the same time (PostgreSQL) --------------------------------------------------------------------------------


@pytest.fixture
def committed_db(transactional_db):
    """A database the threads share: every write is committed (and flushed after the test), so Wagtail's
    tree of its data migrations, gone after an earlier flush, is built again first. List it first."""
    ensure_wagtail_tree()


def run_together(count, work):
    """Run `work(i)` in `count` threads released at the same moment; each closes its connection. Returns the
    results and the exceptions."""
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(i):
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as error:  # noqa: BLE001 - every failure is reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread hangs"
    return results, errors


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_stars_at_once_leave_one(committed_db, post, member):
    """SEC-12, REL-02: 20 threads star the same post as the same member at the same moment."""
    post_pk, user = post.pk, member

    def work(_i):
        return post_services.star_set(user=user, post=Post.objects.get(pk=post_pk), starred=True)

    results, errors = run_together(20, work)
    assert errors == []
    assert results == [(True, 1)] * 20
    assert stars_of(post) == (1, 1)


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_twenty_identical_star_requests_at_once_answer_without_error(committed_db, post, member):
    """SEC-12: the same through the view, as a double-clicking browser would: no 5xx, one star."""
    clients = []
    for _ in range(20):
        client = Client(headers={"accept-language": "en"})
        client.force_login(member)
        clients.append(client)

    def work(i):
        return star(clients[i], post, htmx=True).status_code

    results, errors = run_together(20, work)
    assert errors == []
    assert Counter(results) == {200: 20}
    assert stars_of(post) == (1, 1)


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_counters_equal_the_stars_after_a_random_concurrent_workload(committed_db, open_theme, make_member):
    """REL-10: members star and unstar posts at random from eight threads; afterwards every star_count
    equals the number of its stars (post_selectors.counters_drift() finds nothing)."""
    author = make_member(open_theme, "auteur@example.org")
    posts = [factories.post(author=author, page=open_theme, title=f"Bericht {i}") for i in range(4)]
    members = [make_member(open_theme, f"lid{i}@example.org") for i in range(6)]
    seed = random.randrange(1_000_000)
    plans = []
    for thread in range(8):
        rng = random.Random(seed + thread)
        plans.append([(rng.choice(members), rng.choice(posts).pk, rng.random() < 0.6) for _ in range(25)])

    def work(i):
        for user, post_pk, starred in plans[i]:
            post_services.star_set(user=user, post=Post.objects.get(pk=post_pk), starred=starred)

    _results, errors = run_together(8, work)
    assert errors == [], f"seed {seed}"
    assert list(post_selectors.counters_drift()) == [], f"seed {seed}"
    for item in posts:
        count, counter = stars_of(item)
        assert count == counter, f"seed {seed}"
    assert Star.objects.count() == len(set(Star.objects.values_list("user_id", "post_id")))


def test_counters_drift_finds_a_wrong_counter(post, member):
    """The drift check REL-10 relies on does see a counter that disagrees with its rows."""
    post_services.star_set(user=member, post=post, starred=True)
    assert list(post_selectors.counters_drift()) == []
    Post.objects.filter(pk=post.pk).update(star_count=5)
    assert list(post_selectors.counters_drift()) == [post.pk]
