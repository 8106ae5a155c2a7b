"""'Mijn berichten' and 'Mijn sterren': a member's own posts in every state, and the posts they starred that
they may still see (SEC-01, SEC-05: leaving a closed theme takes its posts out of the list at once)."""

import re

import pytest
from django.urls import reverse

from participation import factories
from participation.models import MembershipStatus, PostStatus, Section
from participation.posts import services as post_services

pytestmark = pytest.mark.django_db

MY_POSTS = reverse("participation:my_posts")
MY_STARS = reverse("participation:my_stars")


def cards(response):
    """Each listed post as (title, labels text), in the order shown."""
    content = response.content.decode()
    items = re.findall(r'<li class="post-card">(.*?)</li>', content, re.S)
    result = []
    for item in items:
        title = re.search(r'class="post-card__title"><a href="[^"]+">(.*?)</a>', item).group(1)
        labels = re.sub(r"<[^>]+>", " ", re.search(r'class="post-card__labels">(.*?)</p>', item, re.S).group(1))
        result.append((title, " ".join(labels.split())))
    return result


@pytest.fixture
def me(open_theme, closed_theme, mixed_theme, user_factory):
    user = user_factory("ik@example.org", "Ikke")
    for theme in (open_theme, closed_theme, mixed_theme):
        factories.membership(user=user, theme=theme)
    return user


def test_my_posts_lists_my_own_posts_in_every_state_with_a_label(
    client, me, open_theme, closed_theme, mixed_theme, make_member
):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    factories.post(author=me, page=open_theme, title="Gepubliceerd", when=now - timedelta(minutes=6))
    factories.post(
        author=me, page=open_theme, title="Wachtend", status=PostStatus.PENDING, when=now - timedelta(minutes=5)
    )
    factories.post(
        author=me, page=closed_theme, title="Geweigerd", status=PostStatus.REJECTED, when=now - timedelta(minutes=4)
    )
    factories.post(
        author=me, page=mixed_theme, title="Ingetrokken", status=PostStatus.WITHDRAWN, when=now - timedelta(minutes=3)
    )
    factories.post(
        author=me, page=mixed_theme, section=Section.MEMBERS, title="Voor leden", when=now - timedelta(minutes=2)
    )
    factories.post(author=make_member(open_theme, "ander@example.org"), page=open_theme, title="Van iemand anders")
    client.force_login(me)

    response = client.get(MY_POSTS)

    assert response.status_code == 200
    assert cards(response) == [
        ("Voor leden", "Members only"),
        ("Ingetrokken", "Withdrawn"),
        ("Geweigerd", "Rejected Members only"),
        ("Wachtend", "Waiting for approval"),
        ("Gepubliceerd", ""),
    ]
    assert "no-store" in response["Cache-Control"]


def test_my_posts_keeps_posts_of_a_theme_i_left(client, me, closed_theme):
    factories.post(author=me, page=closed_theme, title="Van vroeger")
    client.force_login(me)
    client.post(reverse("participation:leave", args=[closed_theme.pk]))

    assert [title for title, _labels in cards(client.get(MY_POSTS))] == ["Van vroeger"]


def test_my_posts_is_empty_for_a_new_member_and_closed_to_anonymous_visitors(client, me, open_theme, make_member):
    factories.post(author=make_member(open_theme, "ander@example.org"), page=open_theme, title="Niet van mij")
    client.force_login(me)

    response = client.get(MY_POSTS)

    assert cards(response) == []
    assert "You have not posted anything yet." in response.content.decode()
    client.logout()
    assert client.get(MY_POSTS)["Location"].startswith(reverse("account_login"))
    assert client.get(MY_STARS)["Location"].startswith(reverse("account_login"))


def test_a_post_made_through_the_form_shows_up_in_my_posts_waiting(client, me, open_theme):
    client.force_login(me)
    client.post(
        reverse("participation:post_create", args=[open_theme.pk]),
        {"title": "Nieuw voorstel", "body": "Meer fietsenstallingen.", "category": open_theme.idee.pk},
    )

    assert cards(client.get(MY_POSTS)) == [("Nieuw voorstel", "Idee Waiting for approval")]


# --- My stars ------------------------------------------------------------------------------------------------


def star(client, post, starred=True):
    return client.post(reverse("participation:star", args=[post.pk]), {"starred": "1" if starred else "0"})


def test_my_stars_lists_the_posts_i_starred_most_recent_first(client, me, open_theme, closed_theme, make_member):
    other = make_member(open_theme, "ander@example.org")
    factories.membership(user=other, theme=closed_theme)
    fietspad = factories.post(author=other, page=open_theme, title="Fietspad")
    jeugdhuis = factories.post(author=other, page=closed_theme, title="Jeugdhuis")
    factories.post(author=other, page=open_theme, title="Zonder ster")
    client.force_login(me)

    star(client, fietspad)
    star(client, jeugdhuis)
    star(client, jeugdhuis)  # twice: still one star

    assert [title for title, _labels in cards(client.get(MY_STARS))] == ["Jeugdhuis", "Fietspad"]
    jeugdhuis.refresh_from_db()
    assert jeugdhuis.star_count == 1

    star(client, fietspad, starred=False)
    assert [title for title, _labels in cards(client.get(MY_STARS))] == ["Jeugdhuis"]


def test_a_starred_post_of_a_closed_theme_i_left_disappears_from_my_stars(client, me, closed_theme, make_member):
    post = factories.post(author=make_member(closed_theme, "ander@example.org"), page=closed_theme, title="Jeugdhuis")
    post_services.star_set(user=me, post=post, starred=True)
    client.force_login(me)
    assert [title for title, _labels in cards(client.get(MY_STARS))] == ["Jeugdhuis"]

    client.post(reverse("participation:leave", args=[closed_theme.pk]))

    response = client.get(MY_STARS)
    assert cards(response) == []
    assert "Jeugdhuis" not in response.content.decode()


def test_a_starred_public_post_stays_in_my_stars_after_leaving_an_open_theme(client, me, open_theme, make_member):
    post = factories.post(author=make_member(open_theme, "ander@example.org"), page=open_theme, title="Fietspad")
    post_services.star_set(user=me, post=post, starred=True)
    client.force_login(me)

    client.post(reverse("participation:leave", args=[open_theme.pk]))

    assert [title for title, _labels in cards(client.get(MY_STARS))] == ["Fietspad"]


def test_a_starred_post_that_is_withdrawn_or_rejected_disappears_from_my_stars(
    client, me, open_theme, make_member, make_moderator
):
    author = make_member(open_theme, "ander@example.org")
    withdrawn = factories.post(author=author, page=open_theme, title="Ingetrokken")
    rejected = factories.post(author=author, page=open_theme, title="Geweigerd")
    for post in (withdrawn, rejected):
        post_services.star_set(user=me, post=post, starred=True)

    post_services.post_withdraw(post=withdrawn, by=author)
    post_services.post_reject(post=rejected, by=make_moderator(open_theme, "mod@example.org"), reason="Dubbel.")
    client.force_login(me)

    response = client.get(MY_STARS)
    assert cards(response) == []
    assert "You have not given any stars yet." in response.content.decode()


def test_a_starred_shielded_post_disappears_when_i_am_taken_off_its_audience(client, me, closed_theme, make_member):
    from participation.models import PostAudience

    post = factories.post(
        author=make_member(closed_theme, "ander@example.org"), page=closed_theme, title="Afgeschermd", audience=[me]
    )
    post_services.star_set(user=me, post=post, starred=True)
    client.force_login(me)
    assert [title for title, _labels in cards(client.get(MY_STARS))] == ["Afgeschermd"]

    PostAudience.objects.filter(post=post, user=me).delete()

    assert cards(client.get(MY_STARS)) == []


def test_only_members_give_stars(client, open_theme, make_member, user_factory):
    post = factories.post(author=make_member(open_theme, "ander@example.org"), page=open_theme)
    client.force_login(user_factory("buiten@example.org"))

    response = star(client, post)

    assert response.status_code == 403
    assert "Only members of this working group can give a star." in response.content.decode()
    post.refresh_from_db()
    assert post.star_count == 0
    assert cards(client.get(MY_STARS)) == []


def test_a_pending_member_gives_no_stars(client, mixed_theme, make_member):
    post = factories.post(author=make_member(mixed_theme, "ander@example.org"), page=mixed_theme)
    client.force_login(make_member(mixed_theme, "wacht@example.org", status=MembershipStatus.PENDING))

    assert star(client, post).status_code == 403
    post.refresh_from_db()
    assert post.star_count == 0
