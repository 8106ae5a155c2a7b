"""What the theme page's "Leden" tab and the profile's "Mijn werkgroepen" show: the members, the requests to join for the moderators and who may be
blocked, as booleans computed from the policies (the template only tests them).

Rendered through the ``register_theme_tab`` hook (``groups/hooks.py``), so the themes app never imports this.
"""

from django.template.loader import render_to_string

from participation.access import MembershipStatus, access_for
from participation.groups import selectors
from participation.groups.policies import can_join, can_see_members
from participation.moderation.policies import can_block, can_moderate, can_unblock
from participation.moderation.selectors import blocked_user_ids, moderator_ids_among
from themes.models import ThemePage


def render_members_tab(page, request):
    user = request.user
    theme = page if isinstance(page, ThemePage) else page.theme
    access = access_for(user)
    context = {
        "page": page,
        "theme": theme,
        "is_member": access.is_member(theme.pk),
        "is_pending": access.is_pending(theme.pk),
        "can_moderate": bool(can_moderate(user, theme.pk, access=access)),
        "is_blocked": access.is_blocked(theme.pk),
    }
    if can_see_members(user, theme, access=access):
        context["members"] = list(selectors.members_of(theme=theme, user=user))
    if context["can_moderate"]:
        context["pending"] = list(selectors.pending_memberships(theme=theme, user=user))
        # Blocked members show as blocked, with unblock; the others can be blocked where the policy allows it (not
        # yourself, not another moderator: issue 4 §1).
        members = context["members"]
        blocked = blocked_user_ids(theme=theme, user=user)
        moderators = moderator_ids_among(theme=theme, user_ids=[membership.user_id for membership in members])
        for membership in members:
            membership.is_blocked = membership.user_id in blocked
            membership.can_unblock = bool(
                can_unblock(user, theme=theme, is_blocked=membership.is_blocked, access=access)
            )
            membership.can_block = not membership.is_blocked and bool(
                can_block(
                    user,
                    theme=theme,
                    member=membership.user,
                    member_moderates=membership.user_id in moderators,
                    has_joined=True,
                    access=access,
                )
            )
    return render_to_string("participation/groups/members_tab.html", context, request=request)


def render_profile_section(request):
    """The profile's "Mijn werkgroepen": each of the person's memberships with its state (member, requested,
    refused), with "Lidmaatschap stoppen", "Aanvraag intrekken" or "Opnieuw vragen" (booleans from the policies)."""
    user = request.user
    memberships = selectors.own_memberships(user)
    for membership in memberships:
        membership.is_member = membership.status == MembershipStatus.APPROVED
        membership.can_join = membership.status == MembershipStatus.REJECTED and bool(can_join(user, membership.theme))
    return render_to_string(
        "participation/groups/profile_section.html",
        {"memberships": memberships, "next": request.get_full_path()},
        request=request,
    )
