from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.admin_roles import RoleAssignmentViewSet


@hooks.register("register_log_actions")
def register_core_log_actions(actions):
    actions.register_action("werkgroepen.role_assigned", _("Assign role"), _("Role assigned"))
    actions.register_action("werkgroepen.role_revoked", _("Revoke role"), _("Role revoked"))


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return RoleAssignmentViewSet()
