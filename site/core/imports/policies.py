"""Who may import outside data for an organisation: its organisation admins and the superadmins; nobody else
(editors, moderators, observers) sees the *Import* screen or starts a run (:mod:`core.imports.services` refuses)."""

from core.roles.policies import is_organisation_admin_or_superadmin
from core.roles.selectors import administered_organisations


def shows_import(user):
    """Whether `user` sees the *Import* menu item and screen at all."""
    return is_organisation_admin_or_superadmin(user)


def may_import(user, organisation):
    """Whether `user` may run importers for `organisation`."""
    if not is_organisation_admin_or_superadmin(user):
        return False
    return user.is_superuser or administered_organisations(user).filter(pk=organisation.pk).exists()
