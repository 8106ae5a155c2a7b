"""Who may send a push mail to a theme's members (see :mod:`participation.moderation.policies` for how policies
answer)."""

from django.utils.translation import gettext as _

from participation.access import ALLOWED, access_for, refused


def can_push(user, theme, *, access=None):
    """Whether `user` may mail the members of `theme`: its moderators, and its approved members who are not blocked
    where the theme allows it (``ThemePage.members_may_push_mail``)."""
    refusal = refused(_("You may not send a push mail to the members of this working group."))
    if not user.is_authenticated or not user.is_active:
        return refusal
    access = access or access_for(user)
    if not access.page_visible(theme.pk):
        return refusal
    if access.moderates(theme.pk):
        return ALLOWED
    if theme.members_may_push_mail and access.is_member(theme.pk) and not access.is_blocked(theme.pk):
        return ALLOWED
    return refusal
