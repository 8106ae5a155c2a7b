"""Reads of role requests: where a person can ask, who decides, and where an approved request can make someone
moderator."""

from django.db.models import Q
from wagtail.models import Page

from core.accounts.models import User
from core.role_requests.models import RoleRequest, RoleRequestStatus
from core.roles.models import Role
from core.roles.selectors import organisations, role_page_models


def requestable_organisations():
    """Live, public organisations a person can ask moderator rights for."""
    return organisations().live().public().order_by("title")


def deciders_of(organisation):
    """The people who decide requests for `organisation`: its organisation admins and the superadmins."""
    return User.objects.filter(
        Q(is_superuser=True) | Q(role_assignments__role=Role.ORGANISATION_ADMIN, role_assignments__page=organisation),
        is_active=True,
    ).distinct()


def moderator_pages_under(organisation):
    """The organisation and the pages inside it that take the moderator role (its themes and subthemes): where an
    approved request can make someone moderator."""
    inside = Q(path__startswith=organisation.path) & Page.objects.type_q(*role_page_models(Role.MODERATOR))
    return Page.objects.filter(Q(pk=organisation.pk) | inside).order_by("path")


def own_requests(user):
    """The person's own requests, with the answers."""
    return RoleRequest.objects.visible_to(user).filter(user=user).select_related("organisation")


def decidable_requests(user):
    """The requests `user` may decide (superadmins: all; organisation admins: those of their organisations)."""
    return RoleRequest.objects.decidable_by(user).select_related("user", "organisation")


def open_requests_count(user):
    """How many open requests `user` may decide (the moderators' dashboard)."""
    return RoleRequest.objects.decidable_by(user).filter(status=RoleRequestStatus.OPEN).count()
