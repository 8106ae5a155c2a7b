"""Who sees the moderators' menu item and dashboard panel."""

from core.moderation.selectors import moderation_queues
from core.roles.models import Role
from core.roles.selectors import user_roles

MODERATING_ROLES = (Role.MODERATOR, Role.ORGANISATION_ADMIN)


def shows_moderation(user):
    """Superadmins and people holding a moderating role (moderator, organisation admin); anybody else only when a
    queue has work for them."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or any(role in MODERATING_ROLES for role, _path in user_roles(user)):
        return True
    return moderation_queues(user)[1] > 0
