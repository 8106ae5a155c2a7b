"""Who may give which role: superadmins any role anywhere, organisation admins a few roles inside their own
organisations (the role service writes; these rules decide what the Roles and Invitations screens offer)."""

from core.roles.models import Role
from core.roles.selectors import administered_organisations

# What an organisation admin may give inside their own organisations.
DELEGABLE_ROLES = [Role.EDITOR, Role.MODERATOR, Role.OBSERVER, Role.CARE_PROFESSIONAL]


def grantable_roles(user):
    """The roles `user` may give (on the pages of :func:`core.roles.selectors.manageable_pages`)."""
    if user.is_superuser:
        return list(Role)
    return DELEGABLE_ROLES if administered_organisations(user).exists() else []


def is_organisation_admin_or_superadmin(user):
    """Whether `user` administers anything: an active superadmin or organisation admin (the screens of roles,
    invitations, role requests and imports)."""
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or administered_organisations(user).exists())
    )
