"""Who may compose a theme's digest and look back at the digests sent (see :mod:`participation.moderation.policies`
for how policies answer)."""

from django.utils.translation import gettext as _

from participation.access import ALLOWED, access_for, refused


def _moderates(user, theme, access):
    if not user.is_authenticated:
        return False
    access = access or access_for(user)
    return access.moderates(theme.pk) and access.page_visible(theme.pk)


def can_compose(user, theme, *, access=None):
    """Whether `user` may compose and send a digest to the members of `theme`: its moderators (who may see it)."""
    if _moderates(user, theme, access):
        return ALLOWED
    return refused(_("Only the moderators of this working group can send it a digest."))


def can_see_digests(user, theme, *, access=None):
    """Whether `user` may list the digests sent to `theme`: the same moderators."""
    if _moderates(user, theme, access):
        return ALLOWED
    return refused(_("Only the moderators of this working group can see its digests."))
