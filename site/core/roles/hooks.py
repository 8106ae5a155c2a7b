"""Roles in the administration: the Roles screen and the audit-log actions of giving and taking roles."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.roles.admin import RoleAssignmentViewSet


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return RoleAssignmentViewSet()


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    actions.register_action("werkgroepen.role_assigned", _("Assign role"), _("Role assigned"))
    actions.register_action("werkgroepen.role_revoked", _("Revoke role"), _("Role revoked"))
