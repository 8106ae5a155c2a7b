"""The posts policies (participation/posts/policies.py): for each, the allowed case and the nearest forbidden ones."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation import factories
from participation.access import MembershipStatus, PostStatus
from participation.moderation.services import member_block
from participation.posts.policies import (
    can_approve,
    can_edit,
    can_post_in,
    can_react,
    can_refuse,
    can_star,
    can_withdraw,
    can_withdraw_reaction,
)
from themes.factories import subtheme_page

pytestmark = pytest.mark.django_db


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


def refused(verdict, *, state=False):
    return not verdict and bool(verdict.reason) and verdict.state is state


def block(theme, person, moderator):
    member_block(theme=theme, user=person, by=moderator, reason="Even niet")


# --- can_post_in ----------------------------------------------------------------------------------------------


def test_a_member_may_post_in_the_theme_and_its_subthemes(open_theme, open_subtheme, member):
    assert can_post_in(member, open_theme)
    assert can_post_in(member, open_subtheme)


def test_someone_waiting_to_join_is_told_to_wait(closed_theme, make_member):
    waiting = make_member(closed_theme, "wacht@example.org", status=MembershipStatus.PENDING)
    verdict = can_post_in(waiting, closed_theme)
    assert refused(verdict) and "still waiting" in verdict.reason


def test_an_outsider_a_visitor_or_a_blocked_member_may_not_post(open_theme, member, moderator, user_factory):
    assert refused(can_post_in(user_factory("buiten@example.org"), open_theme))
    assert refused(can_post_in(AnonymousUser(), open_theme))
    block(open_theme, member, moderator)
    assert refused(can_post_in(member, open_theme))


def test_nobody_posts_on_a_hidden_subtheme_they_may_not_see(open_theme, member):
    hidden = subtheme_page(title="Verborgen", theme=open_theme, hidden=True)
    verdict = can_post_in(member, hidden)
    assert refused(verdict) and "cannot be found" in verdict.reason


# --- can_edit, can_withdraw -----------------------------------------------------------------------------------


def test_the_author_may_edit_and_withdraw_their_post(post, author):
    assert can_edit(author, post)
    assert can_withdraw(author, post)


def test_nobody_else_edits_or_withdraws_a_post(post, member, moderator):
    for person in (member, moderator, AnonymousUser()):
        assert refused(can_edit(person, post))
        assert refused(can_withdraw(person, post))


def test_a_withdrawn_post_is_neither_edited_nor_withdrawn_again(open_theme, author):
    withdrawn = factories.post(author=author, page=open_theme, status=PostStatus.WITHDRAWN)
    assert refused(can_edit(author, withdrawn))
    assert refused(can_withdraw(author, withdrawn))


def test_a_blocked_author_may_withdraw_but_not_edit(open_theme, post, author, moderator):
    block(open_theme, author, moderator)
    assert refused(can_edit(author, post))
    assert can_withdraw(author, post)


# --- can_react, can_star -----------------------------------------------------------------------------------------


def test_a_member_may_react_on_and_star_a_published_post(post, member, author):
    assert can_react(member, post)
    assert can_star(member, post)
    assert can_star(author, post), "also their own"


def test_nobody_reacts_on_or_stars_a_post_that_waits(open_theme, author, member):
    waiting = factories.post(author=author, page=open_theme, status=PostStatus.PENDING)
    assert "once the post has been published" in can_react(member, waiting).reason
    assert "once the post has been published" in can_star(author, waiting).reason


def test_outsiders_visitors_and_blocked_members_neither_react_nor_star(
    open_theme, post, member, moderator, user_factory
):
    for person in (user_factory("buiten@example.org"), AnonymousUser()):
        assert refused(can_react(person, post))
        assert refused(can_star(person, post))
    block(open_theme, member, moderator)
    assert refused(can_react(member, post))
    assert refused(can_star(member, post))


def test_the_author_of_a_reaction_may_withdraw_it_once(post, member, author):
    reaction = factories.reaction(post=post, author=member)
    assert can_withdraw_reaction(member, reaction)
    assert refused(can_withdraw_reaction(author, reaction))
    reaction.status = PostStatus.WITHDRAWN
    assert refused(can_withdraw_reaction(member, reaction))


# --- can_approve, can_refuse -------------------------------------------------------------------------------------


def test_a_moderator_approves_or_refuses_a_waiting_post_or_reaction(open_theme, post, author, member, moderator):
    waiting = factories.post(author=author, page=open_theme, status=PostStatus.PENDING)
    reaction = factories.reaction(post=post, author=member, status=PostStatus.PENDING)
    for item in (waiting, reaction):
        assert can_approve(moderator, item)
        assert can_refuse(moderator, item)


def test_a_published_post_may_be_refused_but_not_approved_again(post, moderator):
    assert refused(can_approve(moderator, post), state=True)
    assert can_refuse(moderator, post)


def test_a_refused_post_is_decided(open_theme, author, moderator):
    rejected = factories.post(author=author, page=open_theme, status=PostStatus.REJECTED)
    assert refused(can_approve(moderator, rejected), state=True)
    assert refused(can_refuse(moderator, rejected), state=True)


def test_members_and_another_themes_moderators_do_not_decide(open_theme, mixed_theme, author, member, make_moderator):
    waiting = factories.post(author=author, page=open_theme, status=PostStatus.PENDING)
    elsewhere = make_moderator(mixed_theme, "elders@example.org")
    for person in (member, elsewhere, author):
        assert refused(can_approve(person, waiting))
        assert refused(can_refuse(person, waiting))
