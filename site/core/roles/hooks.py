"""Roles in the administration: the Roles screen, the audit-log actions of giving and taking roles, and the admin
API's images and documents narrowed to the collections the roles give."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.roles.admin import (
    CollectionScopedDocumentsAPIViewSet,
    CollectionScopedImagesAPIViewSet,
    RoleAssignmentViewSet,
)


@hooks.register("register_admin_viewset")
def register_role_viewset():
    return RoleAssignmentViewSet()


@hooks.register("register_log_actions")
def register_role_log_actions(actions):
    actions.register_action("werkgroepen.role_assigned", _("Assign role"), _("Role assigned"))
    actions.register_action("werkgroepen.role_revoked", _("Revoke role"), _("Role revoked"))


@hooks.register("construct_admin_api", order=100)
def scope_media_api(router):
    """After Wagtail's own registrations: the images and documents of the admin API follow the collection
    permissions the roles give, like the admin's listings and choosers."""
    router.register_endpoint("images", CollectionScopedImagesAPIViewSet)
    router.register_endpoint("documents", CollectionScopedDocumentsAPIViewSet)
