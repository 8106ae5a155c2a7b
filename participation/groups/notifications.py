"""What the groups room tells people (core.notifications): one function per event, called inside the event's
transaction by the services. Its notification types are declared in ``groups/hooks.py``."""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications.services import notify
from core.roles.selectors import moderators_of
from participation.access import MembershipStatus

MEMBERSHIP_DECIDED = "participation.membership_decided"
MEMBER_LEFT = "participation.member_left"
# Declared by the moderation room (moderation/hooks.py): every item that waits for a moderator.
TO_MODERATE = "participation.to_moderate"


def _stamp():
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def membership_decided(membership, *, by):
    """Tell the person the moderators' decision on their request to join (with the reason of a refusal)."""
    theme = membership.theme
    if membership.status == MembershipStatus.APPROVED:
        title = _("You are now a member of %(theme)s") % {"theme": theme.title}
        text = ""
    else:
        title = _("Your request to join %(theme)s was refused") % {"theme": theme.title}
        text = _("Reason: %(reason)s") % {"reason": membership.reason}
    notify(
        code=MEMBERSHIP_DECIDED,
        users=[membership.user],
        key=f"{MEMBERSHIP_DECIDED}:{membership.pk}:{_stamp()}",
        title=title,
        text=text,
        url=theme.url or "",
        obj=membership,
        actor=by,
    )


def membership_requested(membership):
    """Tell the theme's moderators that a request to join waits for them."""
    theme = membership.theme
    notify(
        code=TO_MODERATE,
        users=list(moderators_of(theme)),
        key=f"{TO_MODERATE}:membership:{membership.pk}:{_stamp()}",
        title=_("%(name)s asks to join %(theme)s") % {"name": membership.user.display_name, "theme": theme.title},
        url=f"{theme.url}?tab=leden#tab-panel" if theme.url else "",
        obj=membership,
        actor=membership.user,
    )


def member_left(membership):
    """Tell the theme's moderators that a member stopped their membership, where the theme asks for it
    (``ThemePage.tell_moderators_when_members_leave``)."""
    theme = membership.theme
    if not theme.tell_moderators_when_members_leave:
        return
    notify(
        code=MEMBER_LEFT,
        users=list(moderators_of(theme)),
        key=f"{MEMBER_LEFT}:{membership.pk}:{_stamp()}",
        title=_("%(name)s stopped their membership of %(theme)s")
        % {"name": membership.user.display_name, "theme": theme.title},
        url=f"{theme.url}?tab=leden#tab-panel" if theme.url else "",
        obj=membership,
        actor=membership.user,
    )
