"""Who may moderate, report and block in the working groups (issue 4): the one answer for views, templates and
services.

Each policy takes what the person already found through ``visible_to`` (the services check visibility again before
asking) and returns a :class:`participation.access.Verdict`: true, or false with the reason to show. The services
call the same policy and raise what it refuses (``Verdict.enforce``), so a hidden button and a forged request can
never disagree. They cost no query beyond the person's memoised :func:`participation.access.access_for`, unless
said otherwise.
"""

from django.utils.translation import gettext as _

from participation.access import ALLOWED, PostStatus, access_for, refused
from participation.posts.models import Reaction


def blocked_message():
    """What a blocked member reads wherever they try to contribute."""
    return _(
        "A moderator has blocked you in this working group: you can still read, but not post, react, give stars "
        "or report."
    )


def not_blocked(user, theme_id, *, access=None):
    """Whether `user` may still contribute to `theme_id` as far as blocks go (a blocked member only reads)."""
    access = access or access_for(user)
    return refused(blocked_message()) if access.is_blocked(theme_id) else ALLOWED


def can_moderate(user, page_id, *, access=None):
    """Whether `user` moderates the theme or subtheme `page_id` (moderators and organisation admins above it,
    superadmins everywhere)."""
    access = access or access_for(user)
    if not access.moderates(page_id):
        return refused(_("Only the moderators of this working group can do this."))
    return ALLOWED


def _post_of(item):
    return item.post if isinstance(item, Reaction) else item


def can_report(user, item, *, access=None):
    """Whether `user` may report (melden) the post or reaction `item`: a member who may contribute, not its author,
    and only while it is published."""
    if not user.is_authenticated:
        return refused(_("Log in to report something."))
    access = access or access_for(user)
    theme_id = _post_of(item).theme_id
    if not access.is_member(theme_id):
        return refused(_("Only members of this working group can report. Join the working group first."))
    blocked = not_blocked(user, theme_id, access=access)
    if not blocked:
        return blocked
    if item.author_id == user.pk:
        return refused(_("You cannot report your own post or reaction."))
    if item.status == PostStatus.HIDDEN:
        return refused(_("This is already hidden: a moderator is looking at it."))
    if item.status != PostStatus.PUBLISHED:
        return refused(_("Only published posts and reactions can be reported."))
    return ALLOWED


def can_hide(user, item, *, access=None):
    """Whether `user` may hide the post or reaction `item`: its moderators, while it is published."""
    verdict = can_moderate(user, _post_of(item).page_id, access=access)
    if verdict and item.status != PostStatus.PUBLISHED:
        return refused(_("Only a published item can be hidden."), state=True)
    return verdict


def can_unhide(user, item, *, access=None):
    """Whether `user` may put the hidden post or reaction `item` back online: its moderators."""
    verdict = can_moderate(user, _post_of(item).page_id, access=access)
    if verdict and item.status != PostStatus.HIDDEN:
        return refused(_("This is not hidden."), state=True)
    return verdict


def can_keep(user, item, *, has_open_reports, access=None):
    """Whether `user` may decide that the reported `item` stays online: its moderators, while it has open reports
    or is hidden."""
    verdict = can_moderate(user, _post_of(item).page_id, access=access)
    if verdict and not has_open_reports and item.status != PostStatus.HIDDEN:
        return refused(_("There are no open reports on this."), state=True)
    return verdict


def can_remove(user, item, *, access=None):
    """Whether `user` may remove `item` after reports: its moderators, while it is published or hidden."""
    verdict = can_moderate(user, _post_of(item).page_id, access=access)
    if verdict and item.status not in (PostStatus.PUBLISHED, PostStatus.HIDDEN):
        return refused(_("This has already been decided."), state=True)
    return verdict


def can_block(user, *, theme, member, member_moderates=None, has_joined=None, access=None):
    """Whether `user` may block `member` in `theme`: its moderators, not themselves, not another moderator of the
    theme, and only someone who joined it. `member_moderates` and `has_joined` spare the queries when the caller
    knows them (a members list); otherwise they are read."""
    verdict = can_moderate(user, theme.pk, access=access)
    if not verdict:
        return verdict
    if member.pk == user.pk:
        return refused(_("You cannot block yourself."))
    if member_moderates is None:
        member_moderates = access_for(member).moderates(theme.pk)
    if member_moderates:
        return refused(_("You cannot block a moderator of this working group."))
    if has_joined is None:
        has_joined = member.memberships.filter(theme_id=theme.pk).exists()
    if not has_joined:
        return refused(_("Only people who joined this working group can be blocked."))
    return ALLOWED


def can_unblock(user, *, theme, is_blocked, access=None):
    """Whether `user` may lift a block in `theme`: its moderators, when the member is blocked there."""
    verdict = can_moderate(user, theme.pk, access=access)
    if verdict and not is_blocked:
        return refused(_("This member is not blocked."), state=True)
    return verdict
