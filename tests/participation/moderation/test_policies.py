"""The moderation policies (participation/moderation/policies.py): for each, the allowed case and the nearest
forbidden ones. A refusal because of who asks is a plain refusal (the service raises NotAllowed); a refusal because of
the item's state is marked ``state`` (the service raises ValidationError)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from participation import factories
from participation.access import PostStatus
from participation.moderation.policies import (
    can_block,
    can_hide,
    can_keep,
    can_moderate,
    can_remove,
    can_report,
    can_unblock,
    can_unhide,
)
from participation.moderation.services import member_block

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
def other_moderator(mixed_theme, make_moderator):
    return make_moderator(mixed_theme, "elders@example.org")


@pytest.fixture
def post(open_theme, author):
    return factories.post(author=author, page=open_theme, title="Een bericht")


def refused(verdict, *, state=False):
    return not verdict and bool(verdict.reason) and verdict.state is state


# --- can_moderate -----------------------------------------------------------------------------------------------


def test_the_moderator_of_a_theme_moderates_it_and_its_subthemes(open_theme, open_subtheme, moderator):
    assert can_moderate(moderator, open_theme.pk)
    assert can_moderate(moderator, open_subtheme.pk)


def test_a_member_or_another_themes_moderator_does_not_moderate(open_theme, member, other_moderator):
    assert refused(can_moderate(member, open_theme.pk))
    assert refused(can_moderate(other_moderator, open_theme.pk))
    assert refused(can_moderate(AnonymousUser(), open_theme.pk))


def test_a_superadmin_moderates_everywhere(open_theme, superadmin):
    assert can_moderate(superadmin, open_theme.pk)


# --- can_report -------------------------------------------------------------------------------------------------


def test_a_member_may_report_someone_elses_published_post_and_reaction(post, member, author):
    reaction = factories.reaction(post=post, author=author)
    assert can_report(member, post)
    assert can_report(member, reaction)


def test_nobody_reports_their_own_post(post, author):
    verdict = can_report(author, post)
    assert refused(verdict) and "your own" in verdict.reason


def test_a_non_member_or_a_visitor_may_not_report(post, user_factory):
    assert refused(can_report(user_factory("buiten@example.org"), post))
    assert refused(can_report(AnonymousUser(), post))


def test_a_blocked_member_may_not_report(open_theme, post, member, moderator):
    member_block(theme=open_theme, user=member, by=moderator, reason="Spam")
    assert refused(can_report(member, post))


def test_only_a_published_post_may_be_reported(open_theme, author, member):
    waiting = factories.post(author=author, page=open_theme, status=PostStatus.PENDING)
    hidden = factories.post(author=author, page=open_theme, status=PostStatus.HIDDEN)
    assert refused(can_report(member, waiting))
    verdict = can_report(member, hidden)
    assert refused(verdict) and "already hidden" in verdict.reason


# --- hide, unhide, keep, remove ----------------------------------------------------------------------------------


def test_a_moderator_may_hide_a_published_post(post, moderator):
    assert can_hide(moderator, post)


def test_a_member_may_not_hide_and_nobody_hides_what_is_not_published(open_theme, post, member, moderator, author):
    assert refused(can_hide(member, post))
    hidden = factories.post(author=author, page=open_theme, status=PostStatus.HIDDEN)
    assert refused(can_hide(moderator, hidden), state=True)
    assert refused(can_hide(member, hidden)), "who asks is checked before the state"


def test_a_moderator_may_unhide_only_what_is_hidden(open_theme, post, moderator, member, author):
    hidden = factories.post(author=author, page=open_theme, status=PostStatus.HIDDEN)
    assert can_unhide(moderator, hidden)
    assert refused(can_unhide(moderator, post), state=True)
    assert refused(can_unhide(member, hidden))


def test_keeping_needs_open_reports_or_a_hidden_item(open_theme, post, moderator, member, author):
    assert can_keep(moderator, post, has_open_reports=True)
    assert refused(can_keep(moderator, post, has_open_reports=False), state=True)
    hidden = factories.post(author=author, page=open_theme, status=PostStatus.HIDDEN)
    assert can_keep(moderator, hidden, has_open_reports=False)
    assert refused(can_keep(member, post, has_open_reports=True))


def test_removing_needs_a_published_or_hidden_item(open_theme, post, moderator, member, author):
    assert can_remove(moderator, post)
    assert can_remove(moderator, factories.post(author=author, page=open_theme, status=PostStatus.HIDDEN))
    assert refused(
        can_remove(moderator, factories.post(author=author, page=open_theme, status=PostStatus.REJECTED)), state=True
    )
    assert refused(can_remove(member, post))


# --- blocks -----------------------------------------------------------------------------------------------------


def test_a_moderator_may_block_a_member(open_theme, moderator, member):
    assert can_block(moderator, theme=open_theme, member=member)


def test_nobody_blocks_themselves_another_moderator_or_someone_who_never_joined(
    open_theme, moderator, make_moderator, make_member, user_factory
):
    assert refused(can_block(moderator, theme=open_theme, member=moderator))
    colleague = make_moderator(open_theme, "collega@example.org")
    factories.membership(user=colleague, theme=open_theme)
    verdict = can_block(moderator, theme=open_theme, member=colleague)
    assert refused(verdict) and "moderator" in verdict.reason
    stranger = user_factory("vreemde@example.org")
    assert refused(can_block(moderator, theme=open_theme, member=stranger))


def test_a_member_or_another_themes_moderator_may_not_block(open_theme, member, author, other_moderator):
    assert refused(can_block(member, theme=open_theme, member=author))
    assert refused(can_block(other_moderator, theme=open_theme, member=author))


def test_unblocking_needs_a_block(open_theme, moderator, member):
    assert can_unblock(moderator, theme=open_theme, is_blocked=True)
    assert refused(can_unblock(moderator, theme=open_theme, is_blocked=False), state=True)
    assert refused(can_unblock(member, theme=open_theme, is_blocked=True))
