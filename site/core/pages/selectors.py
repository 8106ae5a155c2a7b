"""Who may see which page: the one definition for the page tree.

Theme and subtheme pages are public while live (people must find a group to join it); what a group
type makes private is its content, which the participation app guards. A page an editor marks
*hidden* (seed 001: "tijdelijk verborgen") disappears for everyone except superadmins and people
holding a role on that part of the tree, and so do all the pages below it. Unpublished pages never
show. Wagtail's own view restrictions are not used as a boundary.

Which pages can be hidden is declared by the page models: every page model with a ``hidden`` field (the themes
app's organisation, theme and subtheme pages); the core names none of them.
"""

import functools

from django.apps import apps
from django.db.models import Q
from wagtail.models import Page

from core.roles.models import Role
from core.roles.selectors import user_roles
from core.tree_cache import cached


@functools.cache
def hideable_relations():
    """The names of the relations from ``Page`` to the page models that have a ``hidden`` field."""
    return tuple(
        model._meta.model_name
        for model in apps.get_models()
        if issubclass(model, Page)
        and model._meta.get_parent_list() == [Page]
        and any(field.name == "hidden" for field in model._meta.local_fields)
    )


def _hidden_and_unpublished_paths():
    """Paths of hidden pages and of unpublished pages, in one query (kept in the tree cache).

    Wagtail serves a live page below an unpublished one, so the subtree of an unpublished page is
    excluded here as well (for everyone but superadmins; a role does not bring it back).
    """

    def compute():
        condition = Q(live=False)
        for relation in hideable_relations():
            condition |= Q(**{f"{relation}__hidden": True})
        hidden, unpublished = [], []
        for path, live in Page.objects.filter(condition).values_list("path", "live"):
            (hidden if live else unpublished).append(path)
        return hidden, unpublished

    return cached("hidden-and-unpublished", compute)


def _role_paths(user):
    """Paths where `user` holds a role that works on the pages (a care professional's declaration does not)."""
    return [path for role, path in user_roles(user) if role != Role.CARE_PROFESSIONAL]


def _hidden_for(path, hidden_paths, role_paths):
    for hidden in hidden_paths:
        if path.startswith(hidden) and not any(
            role_path.startswith(hidden) or hidden.startswith(role_path) for role_path in role_paths
        ):
            return True
    return False


def visible_pages(user, queryset=None):
    """The live pages `user` may see, as a queryset (of `queryset`'s model, default all pages)."""
    qs = (queryset if queryset is not None else Page.objects.all()).live()
    if user.is_authenticated and user.is_superuser:
        return qs
    role_paths = _role_paths(user)
    hidden_paths, unpublished_paths = _hidden_and_unpublished_paths()
    for hidden in hidden_paths:
        if any(path.startswith(hidden) or hidden.startswith(path) for path in role_paths):
            continue
        qs = qs.exclude(path__startswith=hidden)
    for unpublished in unpublished_paths:
        qs = qs.exclude(path__startswith=unpublished)
    return qs


def path_visible_to(path, user):
    """Whether a live page at `path` may be seen by `user`: the rule of :func:`visible_pages` without a query
    of its own (the hidden paths and roles it needs are memoised for the request)."""
    if user.is_authenticated and user.is_superuser:
        return True
    hidden_paths, unpublished_paths = _hidden_and_unpublished_paths()
    if any(path.startswith(unpublished) for unpublished in unpublished_paths):
        return False
    return not _hidden_for(path, hidden_paths, _role_paths(user))


def page_visible_to(page, user):
    """Single-object form of :func:`visible_pages`."""
    return bool(page.live) and path_visible_to(page.path, user)


def _admin_hidden_paths(user):
    """Paths of the subtrees the admin must not list to `user`: hidden and unpublished pages outside their roles."""
    role_paths = _role_paths(user)
    hidden_paths, unpublished_paths = _hidden_and_unpublished_paths()
    return [
        path
        for path in hidden_paths + unpublished_paths
        if not any(role_path.startswith(path) or path.startswith(role_path) for role_path in role_paths)
    ]


def admin_visible_pages(user, queryset):
    """The pages of `queryset` that the admin may list to `user` in its page choosers and explorer.

    The rule of :func:`visible_pages` for hidden pages, with one difference: the admin is where drafts are made, so
    an unpublished page is left out like a hidden one (everywhere but in the person's own part of the tree) rather
    than for everyone. Superadmins see every page."""
    if user.is_authenticated and user.is_superuser:
        return queryset
    for path in _admin_hidden_paths(user):
        queryset = queryset.exclude(path__startswith=path)
    return queryset


def admin_page_visible(user, page):
    """Single-object form of :func:`admin_visible_pages`."""
    if user.is_authenticated and user.is_superuser:
        return True
    return not any(page.path.startswith(path) for path in _admin_hidden_paths(user))
