"""Reactions (reacties) follow their post's moderation rule and keep the post's counters true (seed 000).

In the public section a reaction waits for a moderator and is not counted until approved; in the members'
section it appears and counts at once. Only members react, only on published posts (SEC-03); the counters
always equal the number of published reactions (REL-10).
"""

import pytest
from django.db.models import Count, Q
from django.urls import reverse

from participation import factories
from participation.models import NO_REACTION_YET, Post, PostStatus, Reaction, Section
from participation.posts import selectors as post_selectors
from participation.posts import services as post_services

pytestmark = pytest.mark.django_db


def react_url(post):
    return reverse("participation:reaction_create", args=[post.pk])


def detail_url(post):
    return reverse("participation:post_detail", args=[post.pk])


def counters(post):
    post.refresh_from_db()
    return post.reaction_count, post.last_reaction_at


def assert_counters_true():
    """Every post's reaction_count equals COUNT(*) of its published reactions (REL-10)."""
    real = dict(
        Post.objects.annotate(n=Count("reactions", filter=Q(reactions__status=PostStatus.PUBLISHED))).values_list(
            "pk", "n"
        )
    )
    assert dict(Post.objects.values_list("pk", "reaction_count")) == real
    assert list(post_selectors.counters_drift()) == []


@pytest.fixture
def author(mixed_theme, make_member):
    return make_member(mixed_theme, "auteur@example.org")


@pytest.fixture
def public_post(mixed_theme, author):
    return factories.post(author=author, page=mixed_theme, section=Section.PUBLIC, title="Openbaar bericht")


@pytest.fixture
def members_post(mixed_theme, author):
    return factories.post(author=author, page=mixed_theme, section=Section.MEMBERS, title="Ledenbericht")


@pytest.fixture
def reactor(mixed_theme, make_member):
    return make_member(mixed_theme, "reageerder@example.org")


@pytest.fixture
def moderator(mixed_theme, make_moderator):
    return make_moderator(mixed_theme, "mod@example.org")


# --- Public section: reactions wait for a moderator ----------------------------------------------------------


def test_a_reaction_in_the_public_section_waits_and_is_not_counted(client, public_post, reactor, make_member):
    client.force_login(reactor)

    response = client.post(react_url(public_post), {"body": "Goed idee, **steun**!"}, follow=True)

    reaction = Reaction.objects.get()
    assert reaction.status == PostStatus.PENDING
    assert counters(public_post) == (0, NO_REACTION_YET)
    content = response.content.decode()
    assert "Thank you! Your reaction is waiting for approval by a moderator." in content
    assert "<strong>steun</strong>" in content  # the author sees it, labelled
    assert "0 reactions" in content
    # Nobody else sees it yet.
    client.force_login(make_member(public_post.theme, "ander@example.org"))
    assert "steun" not in client.get(detail_url(public_post)).content.decode()
    client.logout()
    assert "steun" not in client.get(detail_url(public_post)).content.decode()
    assert_counters_true()


def test_an_approved_reaction_is_counted_and_shown_to_everyone(client, public_post, reactor, moderator):
    reaction = post_services.reaction_create(author=reactor, post=public_post, body="Goed idee, steun!")
    client.force_login(moderator)
    assert "Approve reaction" in client.get(detail_url(public_post)).content.decode()

    response = client.post(reverse("participation:reaction_approve", args=[reaction.pk]), follow=True)

    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PUBLISHED
    count, last = counters(public_post)
    assert (count, last) == (1, reaction.published_at)
    assert "The reaction has been published." in response.content.decode()
    client.logout()
    content = client.get(detail_url(public_post)).content.decode()
    assert "Goed idee, steun!" in content
    assert "1 reaction" in content
    assert_counters_true()


def test_rejecting_a_reaction_needs_a_reason_and_the_author_reads_it(client, public_post, reactor, moderator):
    reaction = post_services.reaction_create(author=reactor, post=public_post, body="Off topic")
    client.force_login(moderator)
    reject = reverse("participation:reaction_reject", args=[reaction.pk])

    refused = client.post(reject, {"reason": " "}, follow=True)
    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PENDING
    assert "Say why you refuse this reaction: the author will read it." in refused.content.decode()

    too_long = client.post(reject, {"reason": "x" * 2001}, follow=True)
    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PENDING
    assert "Ensure this value has at most 2000 characters (it has 2001)." in too_long.content.decode()

    client.post(reject, {"reason": "Niet over dit onderwerp."})
    reaction.refresh_from_db()
    assert (reaction.status, reaction.decision_reason) == (PostStatus.REJECTED, "Niet over dit onderwerp.")
    assert counters(public_post)[0] == 0
    client.force_login(reactor)
    assert "Niet over dit onderwerp." in client.get(detail_url(public_post)).content.decode()
    assert_counters_true()


def test_a_member_cannot_approve_a_reaction(client, public_post, reactor, mixed_theme, make_member):
    reaction = post_services.reaction_create(author=reactor, post=public_post, body="Wacht")
    url = reverse("participation:reaction_approve", args=[reaction.pk])

    client.force_login(make_member(mixed_theme, "ander@example.org"))
    assert client.post(url).status_code == 404  # a waiting reaction of someone else is not there for them
    client.force_login(reactor)
    refused = client.post(url)
    assert refused.status_code == 403
    assert "Only the moderators of this working group can do this." in refused.content.decode()

    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PENDING
    assert counters(public_post)[0] == 0


# --- Members' section: at once -----------------------------------------------------------------------------


def test_a_reaction_in_the_members_section_appears_and_counts_at_once(client, members_post, reactor):
    client.force_login(reactor)

    response = client.post(react_url(members_post), {"body": "Ik doe mee."}, follow=True)

    reaction = Reaction.objects.get()
    assert reaction.status == PostStatus.PUBLISHED
    assert counters(members_post) == (1, reaction.published_at)
    content = response.content.decode()
    assert "Your reaction has been placed." in content
    assert "1 reaction" in content
    assert_counters_true()


def test_a_reaction_in_a_closed_theme_counts_at_once(client, closed_theme, make_member):
    post = factories.post(author=make_member(closed_theme, "auteur@example.org"), page=closed_theme)
    client.force_login(make_member(closed_theme, "reageerder@example.org"))

    client.post(react_url(post), {"body": "Akkoord."})

    assert Reaction.objects.get().status == PostStatus.PUBLISHED
    assert counters(post)[0] == 1


def test_withdrawing_a_reaction_lowers_the_count(client, members_post, reactor):
    first = post_services.reaction_create(author=reactor, post=members_post, body="Eerste")
    second = post_services.reaction_create(author=reactor, post=members_post, body="Tweede")
    assert counters(members_post) == (2, second.published_at)
    client.force_login(reactor)

    response = client.post(reverse("participation:reaction_withdraw", args=[second.pk]), follow=True)

    second.refresh_from_db()
    assert second.status == PostStatus.WITHDRAWN
    assert counters(members_post) == (1, first.published_at)
    assert "Your reaction has been withdrawn." in response.content.decode()
    client.post(reverse("participation:reaction_withdraw", args=[first.pk]))
    assert counters(members_post) == (0, NO_REACTION_YET)
    assert_counters_true()


def test_only_the_author_withdraws_a_reaction(client, members_post, reactor, mixed_theme, make_member, moderator):
    reaction = post_services.reaction_create(author=reactor, post=members_post, body="Van mij")
    url = reverse("participation:reaction_withdraw", args=[reaction.pk])

    for other in (make_member(mixed_theme, "ander@example.org"), moderator):
        client.force_login(other)
        response = client.post(url)
        assert response.status_code == 403
        assert "Only the author can withdraw this reaction." in response.content.decode()

    reaction.refresh_from_db()
    assert reaction.status == PostStatus.PUBLISHED
    assert counters(members_post)[0] == 1


def test_a_moderator_refusing_a_published_reaction_lowers_the_count(members_post, reactor, moderator):
    reaction = post_services.reaction_create(author=reactor, post=members_post, body="Scheldwoord")

    post_services.reaction_reject(reaction=reaction, by=moderator, reason="Beledigend.")

    assert counters(members_post) == (0, NO_REACTION_YET)
    assert_counters_true()


# --- Who may react on what -----------------------------------------------------------------------------------


def test_a_non_member_cannot_react_on_a_public_post(client, public_post, member):
    client.force_login(member)
    content = client.get(detail_url(public_post)).content.decode()
    assert "Join the working group to give a star or react." in content
    assert "Place reaction" not in content

    response = client.post(react_url(public_post), {"body": "Ik ben geen lid."})

    assert response.status_code == 403
    assert "Only members of this working group can react. Join the working group first." in response.content.decode()
    assert not Reaction.objects.exists()


def test_a_member_waiting_for_approval_cannot_react(client, public_post, mixed_theme, make_member):
    client.force_login(make_member(mixed_theme, "wacht@example.org", status="pending"))

    response = client.post(react_url(public_post), {"body": "Nog even geduld."})

    assert response.status_code == 403
    assert not Reaction.objects.exists()


def test_a_non_member_gets_not_found_on_a_members_post(client, members_post, member):
    client.force_login(member)

    assert client.post(react_url(members_post), {"body": "Binnensluipen"}).status_code == 404
    assert not Reaction.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, public_post):
    response = client.post(react_url(public_post), {"body": "Anoniem"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not Reaction.objects.exists()


def test_reacting_on_a_waiting_post_is_refused(client, mixed_theme, author, moderator):
    post = factories.post(author=author, page=mixed_theme, section=Section.PUBLIC, status=PostStatus.PENDING)
    factories.membership(user=moderator, theme=mixed_theme)

    for who in (author, moderator):  # both see the waiting post
        client.force_login(who)
        assert "Place reaction" not in client.get(detail_url(post)).content.decode()
        response = client.post(react_url(post), {"body": "Te vroeg"})
        assert response.status_code == 403
        assert "You can react once the post has been published." in response.content.decode()

    assert not Reaction.objects.exists()
    assert counters(post)[0] == 0


def test_an_empty_reaction_is_refused_and_nothing_is_saved(client, members_post, reactor):
    client.force_login(reactor)

    response = client.post(react_url(members_post), {"body": "<p>  </p>"})

    assert response.status_code == 400
    assert "Write a reaction." in response.content.decode()
    assert not Reaction.objects.exists()
    assert counters(members_post)[0] == 0


def test_script_in_a_reaction_is_never_stored(members_post, reactor):
    reaction = post_services.reaction_create(
        author=reactor, post=members_post, body="ok <script>alert(1)</script><img src=x onerror=alert(2)>"
    )

    assert "<script" not in reaction.body
    assert "onerror" not in reaction.body


# --- Counters stay true ----------------------------------------------------------------------------------------


def test_counters_equal_the_published_reactions_after_every_kind_of_change(
    public_post, members_post, reactor, moderator, mixed_theme, make_member
):
    other = make_member(mixed_theme, "ander@example.org")
    waiting = [post_services.reaction_create(author=who, post=public_post, body="Publiek") for who in (reactor, other)]
    at_once = [post_services.reaction_create(author=who, post=members_post, body="Leden") for who in (reactor, other)]
    assert_counters_true()

    post_services.reaction_approve(reaction=waiting[0], by=moderator)
    assert_counters_true()
    post_services.reaction_reject(reaction=waiting[1], by=moderator, reason="Nee")
    assert_counters_true()
    post_services.reaction_withdraw(reaction=at_once[0], by=reactor)
    assert_counters_true()
    post_services.reaction_withdraw(reaction=waiting[0], by=reactor)
    assert_counters_true()

    assert counters(public_post)[0] == 0
    assert counters(members_post)[0] == 1
