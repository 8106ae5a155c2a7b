"""The one service that gives and takes roles (seed 001).

A role on an organisation or theme page becomes membership of a Wagtail group whose page permissions
cover exactly that subtree, and whose collection permissions cover exactly the organisation's collection of images
and documents (issue 14 §12). Groups are created or brought up to date here and nowhere else.
Moderators, editors and observers never get user-management permissions (a user who may change users
can make themselves superuser).
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from wagtail.log_actions import log
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from core.roles.models import OrganisationCollection, Role, RoleAssignment, RoleGroup
from core.roles.selectors import organisation_of, page_takes_role

# Page permissions per role, on the role's page and everything below it.
PAGE_PERMISSIONS = {
    Role.ORGANISATION_ADMIN: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    Role.EDITOR: ["add_page", "change_page", "publish_page", "lock_page"],
    # Moderators keep their theme's categories and filter groups up to date (inline on the page);
    # their changes still go through publishing like any edit.
    Role.MODERATOR: ["change_page", "publish_page"],
    Role.OBSERVER: [],
    # A declaration, not a right on pages: it only lets the person take a professional seat in a space.
    Role.CARE_PROFESSIONAL: [],
}

# Other Django permissions per role. Never auth.* (users and groups). Images and documents are not here: Wagtail
# reads their permissions only per collection (COLLECTION_PERMISSIONS below); a model-wide add_image did nothing.
MODEL_PERMISSIONS = {
    Role.ORGANISATION_ADMIN: ["wagtailadmin.access_admin"],
    Role.EDITOR: ["wagtailadmin.access_admin"],
    Role.MODERATOR: ["wagtailadmin.access_admin"],
    Role.OBSERVER: [],
    Role.CARE_PROFESSIONAL: [],  # no Wagtail admin access
}

# Image and document permissions per role, on the collection of the organisation the role's page belongs to
# (whether the role is on the organisation or on one of its themes): Wagtail's "add" (upload, and change what one
# uploaded), "change" (every image or document of the collection) and "choose" (pick them in a chooser).
# Moderators keep their theme's introduction and content up to date, so they add and choose images there too.
COLLECTION_PERMISSIONS = {
    Role.ORGANISATION_ADMIN: ["add", "change", "choose"],
    Role.EDITOR: ["add", "change", "choose"],
    Role.MODERATOR: ["add", "choose"],
    Role.OBSERVER: [],
    Role.CARE_PROFESSIONAL: [],
}
COLLECTION_MODELS = {"wagtailimages": "image", "wagtaildocs": "document"}

FORBIDDEN_APP_LABELS = {"auth", "wg_core"}


def _permission_objects(names):
    """The permissions named ``app_label.codename``, in the order given, read in one query. A name that matches no
    permission, or more than one, is an error, as is one of the user-management apps."""
    wanted = []
    for name in names:
        app_label, codename = name.split(".")
        if app_label in FORBIDDEN_APP_LABELS:
            raise ValueError(f"roles must never carry user-management permissions ({name})")
        wanted.append((app_label, codename))
    if not wanted:
        return []
    condition = Q()
    for app_label, codename in wanted:
        condition |= Q(content_type__app_label=app_label, codename=codename)
    found = {}
    for permission in Permission.objects.filter(condition).select_related("content_type"):
        key = (permission.content_type.app_label, permission.codename)
        if key in found:
            raise Permission.MultipleObjectsReturned(f"more than one permission {'.'.join(key)}")
        found[key] = permission
    missing = [".".join(key) for key in wanted if key not in found]
    if missing:
        raise Permission.DoesNotExist(f"no permission {', '.join(missing)}")
    return [found[key] for key in wanted]


def _group_name(role, page):
    return f"{Role(role).label} · {page.title} (#{page.pk})"


def _collection_name(organisation):
    return organisation.title[:255]


@transaction.atomic
def organisation_collection_ensure(*, organisation):
    """The Wagtail collection of `organisation` (a page that takes the organisation admin role), created below the
    root collection the first time it is asked for: when the organisation is created (the themes app's
    organisation page calls this after its first save) or when a role is given in an organisation that has none."""
    link = OrganisationCollection.objects.select_related("collection").filter(page_id=organisation.pk).first()
    if link is not None:
        return link.collection
    collection = Collection.get_first_root_node().add_child(name=_collection_name(organisation))
    OrganisationCollection.objects.create(page_id=organisation.pk, collection=collection)
    return collection


def _sync_collection_permissions(*, group, role, page):
    """`group` holds exactly the role's image and document permissions on the collection of `page`'s organisation
    (none when the role has none or the page lies in no organisation)."""
    current = GroupCollectionPermission.objects.filter(group=group)
    actions = COLLECTION_PERMISSIONS[role]
    organisation = organisation_of(page) if actions else None
    if organisation is None:
        current.delete()
        return
    collection = organisation_collection_ensure(organisation=organisation)
    wanted = set(
        _permission_objects(
            f"{app_label}.{action}_{model}" for app_label, model in COLLECTION_MODELS.items() for action in actions
        )
    )
    current.exclude(collection=collection).delete()
    current.exclude(permission__in=wanted).delete()
    have = set(
        GroupCollectionPermission.objects.filter(group=group, collection=collection).values_list(
            "permission_id", flat=True
        )
    )
    GroupCollectionPermission.objects.bulk_create(
        [
            GroupCollectionPermission(group=group, collection=collection, permission=perm)
            for perm in wanted
            if perm.pk not in have
        ]
    )


def sync_role_group(*, role, page):
    """Create or update the Wagtail group of `role` on `page` so it holds exactly the role's permissions."""
    role = Role(role)
    role_group = RoleGroup.objects.select_related("group").filter(role=role, page=page).first()
    if role_group is None:
        group, _created = Group.objects.get_or_create(name=_group_name(role, page))
        role_group = RoleGroup.objects.create(role=role, page=page, group=group)
    group = role_group.group
    name = _group_name(role, page)
    if group.name != name:
        group.name = name
        group.save(update_fields=["name"])
    group.permissions.set(_permission_objects(MODEL_PERMISSIONS[role]))
    wanted = set(_permission_objects(f"wagtailcore.{codename}" for codename in PAGE_PERMISSIONS[role]))
    current = GroupPagePermission.objects.filter(group=group)
    current.exclude(page=page).delete()
    current.exclude(permission__in=wanted).delete()
    have = set(GroupPagePermission.objects.filter(group=group, page=page).values_list("permission_id", flat=True))
    GroupPagePermission.objects.bulk_create(
        [GroupPagePermission(group=group, page=page, permission=perm) for perm in wanted if perm.pk not in have]
    )
    _sync_collection_permissions(group=group, role=role, page=page)
    return group


@transaction.atomic
def assign_role(*, user, role, page=None, by=None):
    """Give `user` the `role` on `page` (an organisation or theme; none for superadmin).

    Idempotent: assigning a role the user already has changes nothing. Writes the audit log.
    """
    role = Role(role)
    if role == Role.SUPERADMIN:
        if page is not None:
            raise ValueError("the superadmin role is site-wide")
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, page=None, defaults={"created_by": by}
        )
        if not (user.is_superuser and user.is_staff):
            user.is_superuser = True
            user.is_staff = True
            user.save(update_fields=["is_superuser", "is_staff"])
    else:
        if page is None:
            raise ValueError(f"the {role} role needs an organisation or theme page")
        page = page.specific
        if not page_takes_role(page, role):
            raise ValueError(f"the {role} role cannot be given on a {type(page).__name__}")
        assignment, created = RoleAssignment.objects.get_or_create(
            user=user, role=role, page=page, defaults={"created_by": by}
        )
        group = sync_role_group(role=role, page=page)
        user.groups.add(group)
    if created:
        log(
            instance=assignment,
            action="werkgroepen.role_assigned",
            user=by,
            data={"role": role.value, "user": user.pk, "page": getattr(page, "pk", None)},
        )
    return assignment


@transaction.atomic
def revoke_role(*, user, role, page=None, by=None):
    """Take `role` on `page` away from `user`; returns whether there was anything to take."""
    role = Role(role)
    assignment = RoleAssignment.objects.filter(user=user, role=role, page=page).first()
    if assignment is None:
        return False
    log(
        instance=assignment,
        action="werkgroepen.role_revoked",
        user=by,
        data={"role": role.value, "user": user.pk, "page": getattr(page, "pk", None)},
    )
    assignment.delete()
    if role == Role.SUPERADMIN:
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
    else:
        role_group = RoleGroup.objects.filter(role=role, page=page).first()
        if role_group:
            user.groups.remove(role_group.group)
    return True
