"""Who may post, edit, withdraw, react, star and approve or refuse in a working group: the one answer for views,
templates and services (see :mod:`participation.moderation.policies` for how policies answer).

A policy takes a post or reaction the person already found through ``visible_to``; the services check visibility
again first, then ask the policy.
"""

from django.utils.translation import gettext as _

from participation.access import ALLOWED, PostStatus, access_for, refused
from participation.moderation.policies import can_moderate, not_blocked
from participation.posts.models import Post


def _may_contribute(user, theme_id, access, not_member_message):
    if not user.is_authenticated or not access.is_member(theme_id):
        return refused(not_member_message)
    return not_blocked(user, theme_id, access=access)


def can_post_in(user, page, *, access=None):
    """Whether `user` may write a post on the theme or subtheme `page`: an approved member of its theme who is not
    blocked there."""
    access = access or access_for(user)
    group = access.pages.get(page.pk)
    if group is None or not (access.is_superuser or group.visible):
        return refused(_("This working group cannot be found."))
    if user.is_authenticated and access.is_pending(group.theme_id):
        return refused(
            _("Your request to join is still waiting for approval. You can post once a moderator has accepted it.")
        )
    return _may_contribute(
        user, group.theme_id, access, _("Only members of this working group can post. Join the working group first.")
    )


def can_edit(user, post, *, access=None):
    """Whether `user` may change `post`: its author, while it is not withdrawn and they may still post there."""
    if not user.is_authenticated or post.author_id != user.pk or post.status == PostStatus.WITHDRAWN:
        return refused(_("Only the author can change this post."))
    access = access or access_for(user)
    group = access.pages.get(post.page_id)
    if group is None or not (access.is_superuser or group.visible):
        return refused(_("This working group cannot be found."))
    return _may_contribute(
        user, group.theme_id, access, _("Only members of this working group can post. Join the working group first.")
    )


def can_withdraw(user, post):
    """Whether `user` may withdraw `post`: its author, while it is not withdrawn yet."""
    if not user.is_authenticated or post.author_id != user.pk or post.status == PostStatus.WITHDRAWN:
        return refused(_("Only the author can withdraw this post."))
    return ALLOWED


def can_react(user, post, *, access=None):
    """Whether `user` may react on `post`: an approved member of its theme who is not blocked there, once the post is
    published."""
    access = access or access_for(user)
    verdict = _may_contribute(
        user, post.theme_id, access, _("Only members of this working group can react. Join the working group first.")
    )
    if verdict and post.status != PostStatus.PUBLISHED:
        return refused(_("You can react once the post has been published."))
    return verdict


def can_star(user, post, *, access=None):
    """Whether `user` may star or unstar `post`: an approved member of its theme who is not blocked there, once the
    post is published."""
    access = access or access_for(user)
    verdict = _may_contribute(
        user,
        post.theme_id,
        access,
        _("Only members of this working group can give a star. Join the working group first."),
    )
    if verdict and post.status != PostStatus.PUBLISHED:
        return refused(_("You can give a star once the post has been published."))
    return verdict


def can_withdraw_reaction(user, reaction):
    """Whether `user` may withdraw `reaction`: its author, while it is not withdrawn yet."""
    if not user.is_authenticated or reaction.author_id != user.pk or reaction.status == PostStatus.WITHDRAWN:
        return refused(_("Only the author can withdraw this reaction."))
    return ALLOWED


def _page_id(item):
    return item.page_id if isinstance(item, Post) else item.post.page_id


def can_approve(user, item, *, access=None):
    """Whether `user` may publish the waiting (or hidden) post or reaction `item`: its moderators."""
    verdict = can_moderate(user, _page_id(item), access=access)
    if verdict and item.status not in (PostStatus.PENDING, PostStatus.HIDDEN):
        return refused(_("This has already been decided."), state=True)
    return verdict


def can_refuse(user, item, *, access=None):
    """Whether `user` may refuse the post or reaction `item`: its moderators, while it waits, is hidden or is
    published."""
    verdict = can_moderate(user, _page_id(item), access=access)
    if verdict and item.status not in (PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.PUBLISHED):
        return refused(_("This has already been decided."), state=True)
    return verdict
