"""Who is shown the way into the administration."""

from core.roles.models import Role
from core.roles.selectors import user_roles


def can_open_admin(user):
    """Whether to show `user` the way into the administration: superadmins and people holding an editing or
    moderating role (observers only read the public site; care professionals work in spaces, not in the admin)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return any(role not in (Role.OBSERVER, Role.CARE_PROFESSIONAL) for role, _path in user_roles(user))
