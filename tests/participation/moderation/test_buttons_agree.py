"""A hidden button and a forged request never disagree (issue 10 §5): for each moderation action, where the page
offers no button the same POST sent by hand is refused and changes nothing, and where it offers one the POST goes
through. Both come from the one policy (moderation/policies.py, posts/policies.py)."""

import pytest
from django.test import Client
from django.urls import reverse

from participation import factories
from participation.access import PostStatus
from participation.models import Block, Report
from participation.moderation.services import member_block

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
    return factories.post(author=author, page=open_theme, title="Een bericht")


def shows(client, url, action_url):
    return action_url in client.get(url).content.decode()


def status_of(post):
    post.refresh_from_db()
    return post.status


def test_report_the_report_form_and_a_forged_report_agree(open_theme, post, author, member, make_member, moderator):
    target = reverse("participation:report_post", args=[post.pk])
    blocked = make_member(open_theme, "geblokkeerd@example.org")
    member_block(theme=open_theme, user=blocked, by=moderator, reason="Spam")
    for person in (author, blocked):
        client = login(person)
        assert not shows(client, post.get_absolute_url(), target)
        assert client.post(target, {"reason": "spam"}).status_code == 403
    assert not Report.objects.exists()
    client = login(member)
    assert shows(client, post.get_absolute_url(), target)
    assert client.post(target, {"reason": "spam"}).status_code == 302
    assert Report.objects.filter(reporter=member).exists()


def test_report_a_reaction_the_form_and_a_forged_report_agree(post, author, member):
    reaction = factories.reaction(post=post, author=member)
    target = reverse("participation:report_reaction", args=[reaction.pk])
    client = login(member)
    assert not shows(client, post.get_absolute_url(), target), "not your own reaction"
    assert client.post(target, {"reason": "spam"}).status_code == 403
    client = login(author)
    assert shows(client, post.get_absolute_url(), target)
    assert client.post(target, {"reason": "spam"}).status_code == 302
    assert Report.objects.filter(reporter=author, reaction=reaction).exists()


def test_hide_the_hide_form_and_a_forged_hiding_agree(post, member, moderator):
    target = reverse("participation:post_hide", args=[post.pk])
    client = login(member)
    assert not shows(client, post.get_absolute_url(), target)
    assert client.post(target, {"reason": "Weg ermee"}).status_code == 403
    assert status_of(post) == PostStatus.PUBLISHED
    client = login(moderator)
    assert shows(client, post.get_absolute_url(), target)
    assert client.post(target, {"reason": "Nakijken"}).status_code == 302
    assert status_of(post) == PostStatus.HIDDEN
    assert not shows(client, post.get_absolute_url(), target), "hidden: no second hide"
    assert (
        "Only a published item can be hidden."
        in client.post(target, {"reason": "Nog eens"}, follow=True).content.decode()
    )


def test_approve_the_button_shows_only_on_what_waits_and_a_forged_approval_changes_nothing(
    open_theme, post, author, moderator
):
    client = login(moderator)
    published = reverse("participation:post_approve", args=[post.pk])
    assert not shows(client, post.get_absolute_url(), published)
    response = client.post(published, follow=True)
    assert "This has already been decided." in response.content.decode()
    waiting = factories.post(author=author, page=open_theme, title="Wacht", status=PostStatus.PENDING)
    target = reverse("participation:post_approve", args=[waiting.pk])
    assert shows(client, waiting.get_absolute_url(), target)
    assert shows(client, open_theme.url, target), "in place on the theme page too"
    assert login(author).post(target).status_code == 403, "not the author's to decide"
    assert status_of(waiting) == PostStatus.PENDING
    assert client.post(target).status_code == 302
    assert status_of(waiting) == PostStatus.PUBLISHED


def test_block_the_block_button_and_a_forged_block_agree(open_theme, member, moderator, make_moderator):
    colleague = make_moderator(open_theme, "collega@example.org")
    colleague_membership = factories.membership(user=colleague, theme=open_theme)
    membership = member.memberships.get()
    members_tab = f"{open_theme.url}?tab=leden"
    client = login(moderator)
    no_block = reverse("participation:member_block", args=[colleague_membership.pk])
    assert not shows(client, members_tab, no_block), "another moderator cannot be blocked"
    assert client.post(no_block, {"reason": "Ruzie"}).status_code == 403
    assert not Block.objects.exists()
    target = reverse("participation:member_block", args=[membership.pk])
    assert shows(client, members_tab, target)
    assert login(member).post(target, {"reason": "Zelf"}).status_code in (403, 404), "a member blocks nobody"
    assert not Block.objects.exists()
    assert client.post(target, {"reason": "Spam"}).status_code == 302
    assert Block.objects.filter(user=member, theme=open_theme).exists()
    assert not shows(client, members_tab, target), "blocked: unblock instead"
    assert shows(client, members_tab, reverse("participation:member_unblock", args=[membership.pk]))
