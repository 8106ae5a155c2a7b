"""Moderators on the public site (issue 4 §1-§4): hide and unhide posts and reactions with a reason, block and
unblock members of a theme, approve and refuse in place on the theme page; every decision is in Wagtail's audit
log with actor and reason; moderators of another theme are refused (404 or 403), never a silent success
(SEC-03, SEC-04)."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from participation import factories
from participation.access import NotAllowed
from participation.groups import services as group_services
from participation.models import Block, Post, PostStatus, Reaction, Star
from participation.moderation import services as moderation_services
from participation.posts import services as post_services

pytestmark = pytest.mark.django_db

BLOCKED = "A moderator has blocked you in this working group"


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
def other_moderator(mixed_theme, make_moderator):
    return make_moderator(mixed_theme, "ander@example.org")


@pytest.fixture
def post(open_theme, author):
    return factories.post(author=author, page=open_theme, title="Fietspad kapot", category=open_theme.vraag)


def status_of(item):
    item.refresh_from_db()
    return item.status


# --- Hide and unhide ---------------------------------------------------------------------------------------


def test_a_moderator_hides_a_post_with_a_reason_and_puts_it_back(post, moderator, author, member):
    client = login(moderator)
    url = reverse("participation:post_hide", args=[post.pk])
    assert url in client.get(post.get_absolute_url()).content.decode()
    response = client.post(url, {"reason": ""}, follow=True)
    assert "Say why you hide this: the author will read it." in response.content.decode()
    assert status_of(post) == PostStatus.PUBLISHED

    client.post(url, {"reason": "Even nakijken"})
    assert status_of(post) == PostStatus.HIDDEN
    assert login(member).get(post.get_absolute_url()).status_code == 404
    assert Client().get(post.get_absolute_url()).status_code == 404
    own = login(author).get(post.get_absolute_url()).content.decode()
    assert "Even nakijken" in own and "This post is hidden" in own
    entry = ModelLogEntry.objects.get(action="werkgroepen.post_hidden")
    assert (entry.user, entry.data["reason"], entry.data["actor"]) == (moderator, "Even nakijken", moderator.pk)

    client.post(reverse("participation:post_unhide", args=[post.pk]), {"reason": "In orde"})
    assert status_of(post) == PostStatus.PUBLISHED
    assert Client().get(post.get_absolute_url()).status_code == 200
    assert ModelLogEntry.objects.get(action="werkgroepen.post_unhidden").data["reason"] == "In orde"


def test_hiding_twice_or_unhiding_a_published_post_is_refused_with_a_message(post, moderator):
    moderation_services.post_hide(post=post, by=moderator, reason="Eén keer")
    response = login(moderator).post(
        reverse("participation:post_hide", args=[post.pk]), {"reason": "Twee"}, follow=True
    )
    assert "Only a published item can be hidden." in response.content.decode()
    moderation_services.post_unhide(post=post, by=moderator)
    response = login(moderator).post(reverse("participation:post_unhide", args=[post.pk]), follow=True)
    assert "This is not hidden." in response.content.decode()
    assert ModelLogEntry.objects.filter(action="werkgroepen.post_hidden").count() == 1


def test_a_moderator_hides_a_reaction_and_the_counter_follows(post, moderator, member, author):
    reaction = factories.reaction(post=post, author=member, body="<p>Kwetsende reactie</p>")
    client = login(moderator)
    client.post(reverse("participation:reaction_hide", args=[reaction.pk]), {"reason": "Kwetsend"})
    assert status_of(reaction) == PostStatus.HIDDEN
    assert Post.objects.get(pk=post.pk).reaction_count == 0
    assert "Kwetsende reactie" not in login(author).get(post.get_absolute_url()).content.decode()
    assert "Kwetsende reactie" in login(member).get(post.get_absolute_url()).content.decode()
    client.post(reverse("participation:reaction_unhide", args=[reaction.pk]))
    assert status_of(reaction) == PostStatus.PUBLISHED
    assert Post.objects.get(pk=post.pk).reaction_count == 1
    assert {e.action for e in ModelLogEntry.objects.all()} >= {
        "werkgroepen.reaction_hidden",
        "werkgroepen.reaction_unhidden",
    }


def test_members_and_moderators_of_another_theme_cannot_hide(post, member, other_moderator):
    """SEC-03: a visible post, a forged hide by a non-moderator: 403 with a message, nothing changes."""
    for user in (member, other_moderator):
        response = login(user).post(reverse("participation:post_hide", args=[post.pk]), {"reason": "Weg"})
        assert response.status_code == 403
        assert "Only the moderators of this working group can do this." in response.content.decode()
    assert status_of(post) == PostStatus.PUBLISHED
    assert not ModelLogEntry.objects.filter(action="werkgroepen.post_hidden").exists()


def test_another_themes_moderator_gets_404_for_what_they_cannot_see(post, moderator, other_moderator):
    moderation_services.post_hide(post=post, by=moderator, reason="Nakijken")
    client = login(other_moderator)
    for name in ("post_unhide", "post_keep", "post_remove", "post_approve", "post_reject"):
        assert client.post(reverse(f"participation:{name}", args=[post.pk]), {"reason": "x"}).status_code == 404, name
    assert status_of(post) == PostStatus.HIDDEN


def test_the_subthemes_posts_are_moderated_by_the_themes_moderator(open_subtheme, author, moderator):
    item = factories.post(author=author, page=open_subtheme, title="In een subthema")
    login(moderator).post(reverse("participation:post_hide", args=[item.pk]), {"reason": "Nakijken"})
    assert status_of(item) == PostStatus.HIDDEN


# --- Approve and refuse in place ---------------------------------------------------------------------------


def test_a_moderator_approves_and_refuses_waiting_posts_on_the_theme_page(open_theme, author, moderator):
    waiting = factories.post(author=author, page=open_theme, title="Wacht op jou", status=PostStatus.PENDING)
    other = factories.post(author=author, page=open_theme, title="Nog een", status=PostStatus.PENDING)
    client = login(moderator)
    html = client.get(f"{open_theme.url}?tab=berichten").content.decode()
    assert reverse("participation:post_approve", args=[waiting.pk]) in html
    assert reverse("participation:post_reject", args=[other.pk]) in html
    next_url = f"{open_theme.url}?tab=berichten"
    response = client.post(reverse("participation:post_approve", args=[waiting.pk]), {"next": next_url})
    assert response["Location"] == next_url
    assert status_of(waiting) == PostStatus.PUBLISHED
    response = client.post(reverse("participation:post_reject", args=[other.pk]), {"reason": "", "next": next_url})
    assert status_of(other) == PostStatus.PENDING, "no refusal without a reason"
    client.post(reverse("participation:post_reject", args=[other.pk]), {"reason": "Dubbel bericht", "next": next_url})
    assert status_of(other) == PostStatus.REJECTED
    # Members and visitors never get the controls.
    assert (
        reverse("participation:post_approve", args=[waiting.pk])
        not in login(author).get(open_theme.url).content.decode()
    )


def test_a_moderator_approves_a_waiting_reaction_on_the_post_page(open_theme, author, member, moderator):
    post = factories.post(author=author, page=open_theme)
    reaction = factories.reaction(post=post, author=member, status=PostStatus.PENDING)
    client = login(moderator)
    assert (
        reverse("participation:reaction_approve", args=[reaction.pk])
        in client.get(post.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("participation:reaction_reject", args=[reaction.pk]), {"reason": " "}, follow=True)
    assert "Say why you refuse this reaction" in response.content.decode()
    client.post(reverse("participation:reaction_approve", args=[reaction.pk]))
    assert status_of(reaction) == PostStatus.PUBLISHED


# --- Blocks ------------------------------------------------------------------------------------------------


def test_a_blocked_member_reads_but_cannot_post_react_star_or_report(open_theme, post, member, moderator):
    membership = member.memberships.get(theme=open_theme)
    client = login(moderator)
    members_tab = client.get(f"{open_theme.url}?tab=leden").content.decode()
    assert reverse("participation:member_block", args=[membership.pk]) in members_tab
    response = client.post(reverse("participation:member_block", args=[membership.pk]), {"reason": ""}, follow=True)
    assert "Say why you block this member" in response.content.decode()
    assert not Block.objects.exists()
    client.post(reverse("participation:member_block", args=[membership.pk]), {"reason": "Scheldt andere leden uit"})
    assert Block.objects.filter(user=member, theme=open_theme).exists()
    assert "Blocked" in client.get(f"{open_theme.url}?tab=leden").content.decode()
    entry = ModelLogEntry.objects.get(action="werkgroepen.member_blocked")
    assert entry.data["reason"] == "Scheldt andere leden uit" and entry.data["member"] == member.pk

    blocked = login(member)
    assert blocked.get(post.get_absolute_url()).status_code == 200, "a blocked member still reads"
    response = blocked.get(reverse("participation:post_create", args=[open_theme.pk]))
    assert response.status_code == 403 and BLOCKED in response.content.decode()
    response = blocked.post(
        reverse("participation:post_create", args=[open_theme.pk]),
        {"title": "Toch", "body": "Toch iets", "category": open_theme.vraag.pk},
    )
    assert response.status_code == 403 and BLOCKED in response.content.decode()
    response = blocked.post(reverse("participation:reaction_create", args=[post.pk]), {"body": "Reactie"})
    assert response.status_code == 403 and BLOCKED in response.content.decode()
    response = blocked.post(reverse("participation:star", args=[post.pk]), {"starred": "1"})
    assert response.status_code == 403 and BLOCKED in response.content.decode()
    response = blocked.post(reverse("participation:report_post", args=[post.pk]), {"reason": "spam"})
    assert response.status_code == 403 and BLOCKED in response.content.decode()
    assert Post.objects.filter(author=member).count() == 0
    assert not Reaction.objects.filter(author=member).exists() and not Star.objects.exists()
    assert BLOCKED in blocked.get(post.get_absolute_url()).content.decode()

    client.post(reverse("participation:member_unblock", args=[membership.pk]))
    assert not Block.objects.exists()
    assert ModelLogEntry.objects.filter(action="werkgroepen.member_unblocked").exists()
    assert login(member).post(reverse("participation:star", args=[post.pk]), {"starred": "1"}).status_code == 302
    assert Star.objects.filter(user=member).exists()


def test_a_block_holds_only_in_its_theme(open_theme, mixed_theme, member, moderator, make_member):
    factories.membership(user=member, theme=mixed_theme, status="approved")
    moderation_services.member_block(theme=open_theme, user=member, by=moderator, reason="Spam")
    other_post = factories.post(author=make_member(mixed_theme, "x@example.org"), page=mixed_theme)
    assert post_services.star_set(user=member, post=other_post, starred=True) == (True, 1)


def test_blocking_is_for_the_themes_moderators_only(open_theme, member, author, other_moderator, moderator):
    membership = member.memberships.get(theme=open_theme)
    # A member sees the membership (member list) but may not block: 403 with the message.
    response = login(author).post(reverse("participation:member_block", args=[membership.pk]), {"reason": "x"})
    assert response.status_code == 403
    # A moderator of another theme does not see the membership at all.
    response = login(other_moderator).post(reverse("participation:member_block", args=[membership.pk]), {"reason": "x"})
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        moderation_services.member_block(theme=open_theme, user=member, by=other_moderator, reason="x")
    with pytest.raises(NotAllowed):
        moderation_services.member_block(theme=open_theme, user=moderator, by=moderator, reason="x")
    assert not Block.objects.exists()


def test_a_blocked_person_cannot_join_again_after_leaving(open_theme, member, moderator):
    moderation_services.member_block(theme=open_theme, user=member, by=moderator, reason="Spam")
    group_services.membership_leave(membership=member.memberships.get(theme=open_theme))
    from core.request_cache import forget
    from participation.access import access_for  # noqa: F401 - memoised per request; tests start afresh

    forget()
    with pytest.raises(NotAllowed) as error:
        group_services.membership_join(user=member, theme=open_theme)
    assert BLOCKED in str(error.value)
