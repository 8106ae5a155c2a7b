"""Reads of memberships that cross a permission boundary; each starts from ``visible_to`` or from the person's
:func:`participation.access.access_for`."""

from core.models import User
from participation.access import MembershipStatus, access_for
from participation.groups.models import Membership
from themes.models import MemberOrganisation, OrganisationPage, SubthemePage, ThemeMemberOrganisation, ThemePage


def working_group(user, page_id):
    """``(page, group)``: the live theme or subtheme `page_id` (its specific page) and its
    :class:`participation.access.WorkingGroupPage`, if `user` may see it; else None (missing and invisible alike)."""
    access = access_for(user)
    group = access.pages.get(int(page_id))
    if group is None or not (group.visible or access.is_superuser):
        return None
    # access knows which of the two it is, so the specific page comes in one query.
    model = ThemePage if group.theme_id == group.pk else SubthemePage
    page = model.objects.filter(pk=group.pk, live=True).first()
    if page is None:
        return None
    return page, group


def organisation_of(page):
    """The organisation a theme or subtheme belongs to (what the plugin hooks are scoped to)."""
    return OrganisationPage.objects.ancestor_of(page).first()


def representable_organisations(*, user, page):
    """Member organisations `user` may speak for on `page` (a theme or subtheme): those that list them as
    representative and take part in the page or its theme."""
    if not user.is_authenticated:
        return MemberOrganisation.objects.none()
    page = page.specific
    taking_part = ThemeMemberOrganisation.objects.filter(page_id__in=page.own_and_inherited_pages())
    return MemberOrganisation.objects.filter(
        representatives=user, pk__in=taking_part.values("member_organisation_id")
    ).order_by("name")


def membership_of(*, user, theme_id):
    """`user`'s own membership of the theme `theme_id` (whatever its status), or None."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, theme_id=theme_id).first()


def member_themes(user, *, limit=2):
    """(At most `limit`) themes `user` is an approved member of, for landing after log-in: two are enough to know
    there is more than one place."""
    rows = Membership.objects.filter(user=user).approved().select_related("theme").order_by("pk")[:limit]
    return [row.theme for row in rows]


def own_memberships(user):
    """`user`'s own memberships that mean something to them (member, waiting, refused), with their theme, for the
    profile's "Mijn werkgroepen"; themes they may no longer see (hidden since) are left out."""
    if not user.is_authenticated:
        return []
    access = access_for(user)
    memberships = (
        Membership.objects.filter(
            user=user,
            status__in=[MembershipStatus.APPROVED, MembershipStatus.PENDING, MembershipStatus.REJECTED],
            theme__live=True,
        )
        .select_related("theme")
        .order_by("theme__title")
    )
    return [
        membership
        for membership in memberships
        if (group := access.pages.get(membership.theme_id)) is not None and (group.visible or access.is_superuser)
    ]


def membership_for(user, pk):
    """The membership `pk` if `user` may see it (with its theme and person), else None."""
    return Membership.objects.visible_to(user).filter(pk=pk).select_related("theme", "user").first()


def members_of(*, theme, user):
    """Approved members of `theme` as `user` may see them (display names only are shown)."""
    return (
        Membership.objects.visible_to(user)
        .filter(theme=theme, status=MembershipStatus.APPROVED)
        .select_related("user", "on_behalf_of")
        .order_by("user__display_name")
    )


def pending_memberships(*, theme, user):
    """Requests waiting for a decision, for the moderators of `theme` (empty for everyone else)."""
    if not access_for(user).moderates(theme.pk):
        return Membership.objects.none()
    return (
        Membership.objects.visible_to(user)
        .filter(theme=theme, status=MembershipStatus.PENDING)
        .select_related("user", "on_behalf_of")
        .order_by("created_at")
    )


def organisation_members(organisation):
    """The people who are an approved member of at least one theme of `organisation` (for its admins' people
    picker, by display name only; requests still waiting and other organisations' members are not among them)."""
    return User.objects.filter(
        is_active=True,
        memberships__status=MembershipStatus.APPROVED,
        memberships__theme__path__startswith=organisation.path,
    ).distinct()


def working_group_members(page):
    """The active approved members of `page`'s theme (a subtheme's members are its theme's)."""
    theme = getattr(page, "theme", page)
    members = Membership.objects.filter(theme_id=theme.pk, status=MembershipStatus.APPROVED).values("user_id")
    return User.objects.filter(is_active=True, pk__in=members)
