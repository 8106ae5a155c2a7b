"""A hidden button and a forged request never disagree (issue 10 §5): for each action on posts, where the page offers
no button the same POST sent by hand is refused and writes nothing, and where it offers one the POST goes through.
Both come from the one policy (posts/policies.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from participation import factories
from participation.access import MembershipStatus, PostStatus
from participation.models import Post, Reaction, Star
from participation.moderation.services import member_block
from tests.participation.helpers import new_post_url, post_form_data

pytestmark = pytest.mark.django_db


def login(user):
    client = Client(headers={"accept-language": "en"})
    client.force_login(user)
    return client


@pytest.fixture
def author(open_theme, make_member):
    return make_member(open_theme, "auteur@example.org")


@pytest.fixture
def member(open_theme, make_member):
    return make_member(open_theme, "lid@example.org")


@pytest.fixture
def moderator(open_theme, make_moderator):
    return make_moderator(open_theme, "moderator@example.org")


@pytest.fixture
def post(open_theme, author):
    return factories.post(author=author, page=open_theme, title="Een bericht", category=open_theme.vraag)


def block(theme, person, moderator):
    member_block(theme=theme, user=person, by=moderator, reason="Even niet")


def shows(client, url, action_url):
    return action_url in client.get(url).content.decode()


def test_post_the_new_post_button_and_a_forged_post_agree(closed_theme, make_member, make_moderator):
    moderator = make_moderator(closed_theme, "moderator@example.org")
    waiting = make_member(closed_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    blocked = make_member(closed_theme, "geblokkeerd@example.org")
    block(closed_theme, blocked, moderator)
    allowed = make_member(closed_theme, "lid@example.org")
    target = new_post_url(closed_theme)
    for person in (waiting, blocked):
        client = login(person)
        assert not shows(client, closed_theme.url, target)
        assert client.post(target, post_form_data(closed_theme)).status_code == 403
    assert Post.objects.count() == 0
    client = login(allowed)
    assert shows(client, closed_theme.url, target)
    assert client.post(target, post_form_data(closed_theme)).status_code == 302
    assert Post.objects.filter(author=allowed).exists()


def test_react_the_reaction_form_and_a_forged_reaction_agree(open_theme, post, member, make_member, moderator):
    blocked = make_member(open_theme, "geblokkeerd@example.org")
    block(open_theme, blocked, moderator)
    target = reverse("participation:reaction_create", args=[post.pk])
    client = login(blocked)
    assert not shows(client, post.get_absolute_url(), target)
    assert client.post(target, {"body": "Toch even"}).status_code == 403
    assert not Reaction.objects.exists()
    client = login(member)
    assert shows(client, post.get_absolute_url(), target)
    assert client.post(target, {"body": "Goed idee"}).status_code == 302
    assert Reaction.objects.filter(author=member).exists()


def test_star_the_star_button_and_a_forged_star_agree(open_theme, post, member, make_member, moderator):
    blocked = make_member(open_theme, "geblokkeerd@example.org")
    block(open_theme, blocked, moderator)
    target = reverse("participation:star", args=[post.pk])
    client = login(blocked)
    assert not shows(client, post.get_absolute_url(), target)
    assert not shows(client, open_theme.url, target), "nor in the listing"
    assert client.post(target, {"starred": "1"}).status_code == 403
    assert not Star.objects.exists()
    client = login(member)
    assert shows(client, post.get_absolute_url(), target) and shows(client, open_theme.url, target)
    assert client.post(target, {"starred": "1"}).status_code == 302
    assert Star.objects.filter(user=member).exists()


def test_star_a_waiting_post_has_no_button_and_takes_no_forged_star(open_theme, author):
    waiting = factories.post(author=author, page=open_theme, status=PostStatus.PENDING)
    target = reverse("participation:star", args=[waiting.pk])
    client = login(author)
    assert not shows(client, waiting.get_absolute_url(), target)
    assert client.post(target, {"starred": "1"}).status_code == 403
    assert not Star.objects.exists()


def test_edit_the_edit_link_and_a_forged_edit_agree(open_theme, post, author, moderator):
    target = reverse("participation:post_edit", args=[post.pk])
    client = login(author)
    assert shows(client, post.get_absolute_url(), target)
    block(open_theme, author, moderator)
    assert not shows(client, post.get_absolute_url(), target)
    response = client.post(target, post_form_data(open_theme, title="Stiekem anders"))
    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "Een bericht"


def test_withdraw_the_withdraw_button_and_a_forged_withdrawal_agree(post, author, member):
    target = reverse("participation:post_withdraw", args=[post.pk])
    client = login(member)
    assert not shows(client, post.get_absolute_url(), target)
    assert client.post(target).status_code == 403
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    client = login(author)
    assert shows(client, post.get_absolute_url(), target)
    assert client.post(target).status_code == 302
    post.refresh_from_db()
    assert post.status == PostStatus.WITHDRAWN


def test_withdraw_a_reaction_the_button_and_a_forged_withdrawal_agree(post, author, member):
    reaction = factories.reaction(post=post, author=member)
    target = reverse("participation:reaction_withdraw", args=[reaction.pk])
    client = login(author)
    assert not shows(client, post.get_absolute_url(), target)
    assert client.post(target).status_code == 403
    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PUBLISHED
    client = login(member)
    assert shows(client, post.get_absolute_url(), target)
    assert client.post(target).status_code == 302
    reaction.refresh_from_db()
    assert reaction.status == PostStatus.WITHDRAWN
