"""Who may join a working group, see its members and decide on requests to join: the one answer for views,
templates and services (see :mod:`participation.moderation.policies` for how policies answer)."""

from django.utils.translation import gettext as _

from participation.access import ALLOWED, MembershipStatus, access_for, refused
from participation.groups.selectors import representable_organisations
from participation.moderation.policies import can_moderate, not_blocked


def can_join(user, theme, *, access=None):
    """Whether `user` may join `theme` (at once or as a request, as its type says): anyone logged in who is not
    blocked there. Joining again changes nothing, so members may too."""
    if not user.is_authenticated:
        return refused(_("Log in to join this working group."))
    return not_blocked(user, theme.pk, access=access)


def can_leave(user, membership):
    """Whether `user` may stop `membership`: their own, while it counts (a member, or a request still waiting).
    Nobody stops someone else's membership here (moderators block a member: the moderation room)."""
    if not user.is_authenticated or membership is None or membership.user_id != user.pk:
        return refused(_("You are not a member of this working group."))
    if membership.status not in (MembershipStatus.APPROVED, MembershipStatus.PENDING):
        return refused(_("You are not a member of this working group."), state=True)
    return ALLOWED


def can_see_members(user, theme, *, access=None):
    """Whether `user` may see who the members of `theme` are: its members and its moderators."""
    if not user.is_authenticated:
        return refused(_("Only members of this working group see who its members are."))
    access = access or access_for(user)
    if access.is_member(theme.pk) or access.moderates(theme.pk):
        return ALLOWED
    return refused(_("Only members of this working group see who its members are."))


def can_decide_membership(user, membership, *, access=None):
    """Whether `user` may accept or refuse `membership`: the theme's moderators, while the request waits."""
    verdict = can_moderate(user, membership.theme_id, access=access)
    if verdict and membership.status != MembershipStatus.PENDING:
        return refused(_("This request has already been decided."), state=True)
    return verdict


def can_speak_for(user, page, organisation):
    """Whether `user` may join, post or react on `page` on behalf of `organisation` (None: for themselves): a member
    organisation that lists them as representative and takes part in the page or its theme. One query."""
    if organisation is None:
        return ALLOWED
    if not representable_organisations(user=user, page=page).filter(pk=organisation.pk).exists():
        return refused(_("You cannot speak for this organisation in this working group."), state=True)
    return ALLOWED
