"""Who may invite whom: superadmins anywhere, organisation admins inside their own organisations; only the editor,
moderator and observer roles are given by invitation (:mod:`core.invitations.services` refuses the rest)."""

from core.roles.models import Role
from core.roles.policies import DELEGABLE_ROLES, is_organisation_admin_or_superadmin
from core.roles.selectors import manageable_pages

INVITABLE_ROLES = [Role.EDITOR, Role.MODERATOR, Role.OBSERVER]


def may_invite(user, page, role):
    """Whether `user` may invite someone as `role` on `page`: superadmins anywhere, organisation admins inside
    their own organisations; only editor, moderator and observer roles."""
    if not user.is_authenticated or not user.is_active or role not in INVITABLE_ROLES:
        return False
    if user.is_superuser:
        return manageable_pages(user).filter(pk=page.pk).exists()
    return role in DELEGABLE_ROLES and manageable_pages(user).filter(pk=page.pk).exists()


def is_inviter(user):
    """Whether `user` reaches the Invitations screen at all: an active superadmin or organisation admin."""
    return is_organisation_admin_or_superadmin(user)
