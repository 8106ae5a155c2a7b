"""Reads about roles: who holds which role where, and which pages take which roles.

**Which pages take which roles** is declared by the page models themselves, in a class attribute
``assignable_roles`` (a tuple of :class:`~core.roles.models.Role`). The themes app's organisation page takes every
role but superadmin; its theme and subtheme pages take editor, moderator and observer. The core names no page model:
a page model that declares no ``assignable_roles`` takes no role, and an *organisation* is a page that takes the
organisation admin role.
"""

import functools

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.accounts.models import User
from core.request_cache import memoise
from core.roles.models import Role, RoleAssignment


@functools.cache
def _role_page_models():
    return tuple(
        model for model in apps.get_models() if issubclass(model, Page) and getattr(model, "assignable_roles", ())
    )


def role_page_models(role=None):
    """The page models on which `role` may be given (any role when None)."""
    return tuple(model for model in _role_page_models() if role is None or role in model.assignable_roles)


def page_takes_role(page, role):
    """Whether `role` may be given on `page` (any page object: its specific class decides)."""
    return Role(role) in getattr(page.specific_class, "assignable_roles", ())


def pages_taking_role(role=None):
    """Every page on which `role` may be given (any role when None), as a queryset of plain pages."""
    return Page.objects.type(*role_page_models(role))


def organisations():
    """Every organisation page: the pages that take the organisation admin role."""
    return pages_taking_role(Role.ORGANISATION_ADMIN)


def organisation_of(page):
    """The organisation `page` lies in (itself when it is one), as a plain page, or None."""
    return organisations().ancestor_of(page, inclusive=True).first()


def user_roles(user):
    """The ``(role, page path)`` pairs `user` holds on the page tree (memoised for the request)."""
    if not user.is_authenticated:
        return []
    return memoise(("roles", user.pk), lambda: list(_roles_with_paths().filter(user_id=user.pk)))


@functools.cache
def _roles_with_paths():
    """Every assignment on the page tree as ``(role, page path)``, built once per process: each request only adds
    the person (the header asks on every page; building the query took as long as running it). Only filtered,
    never evaluated itself."""
    return RoleAssignment.objects.filter(page__isnull=False).values_list("role", "page__path")


def roles_on(page, *, role=None):
    """Assignments that cover `page`: on the page itself or on one of its ancestors."""
    qs = RoleAssignment.objects.filter(page__in=page.get_ancestors(inclusive=True)).select_related("user")
    if role is not None:
        qs = qs.filter(role=role)
    return qs


def moderators_of(page):
    """The users who moderate `page` (a theme or subtheme): moderators on it or on its theme."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.MODERATOR,
        role_assignments__page__in=page.get_ancestors(inclusive=True),
    ).distinct()


def organisation_admins(organisation):
    """The active users who hold the organisation admin role on `organisation`."""
    return User.objects.filter(
        is_active=True,
        role_assignments__role=Role.ORGANISATION_ADMIN,
        role_assignments__page_id=organisation.pk,
    ).distinct()


def role_label(role):
    return _(Role(role).label)


def administered_organisations(user):
    """Pages on which `user` holds the organisation admin role."""
    return Page.objects.filter(role_assignments__user=user, role_assignments__role=Role.ORGANISATION_ADMIN)


def manageable_pages(user):
    """The pages on which `user` may give roles: every page that takes a role for superadmins, those inside their
    own organisations for organisation admins, none for anybody else."""
    qs = pages_taking_role()
    if user.is_superuser:
        return qs
    paths = list(administered_organisations(user).values_list("path", flat=True))
    if not paths:
        return qs.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    return qs.filter(condition)
