"""Who is offered the embed code of a theme's widget: the admins of the theme's organisation (and superadmins), who
also decide which sites may show it (Settings → sites that may embed the widget)."""

from django.utils.translation import gettext as _

from core.models import Role
from core.roles.selectors import user_roles
from participation.access import ALLOWED, refused


def can_embed(user, theme):
    """Whether `user` gets the "Insluiten op je website" panel of `theme`: an admin of its organisation (a role on an
    ancestor of the theme) or a superadmin. From the memoised roles: no query."""
    if not user.is_authenticated:
        return refused(_("Only the organisation's admins embed its working groups on their website."))
    if user.is_superuser or any(
        role == Role.ORGANISATION_ADMIN and theme.path.startswith(path) for role, path in user_roles(user)
    ):
        return ALLOWED
    return refused(_("Only the organisation's admins embed its working groups on their website."))
