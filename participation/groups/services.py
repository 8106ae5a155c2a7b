"""Every write of memberships: join, leave, and the moderators' decision on a request. One function per action,
keyword-only, one transaction each; plugin hooks run on commit.

Callers pass objects they already found through ``visible_to``; the services ask the room's policies again, so a
forged request meets the same rules as the button (:mod:`participation.groups.policies`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from config.hooks import AFTER_MEMBERSHIP_DECIDED, call_safely
from core.request_cache import forget
from participation.access import NotAllowed
from participation.groups import notifications
from participation.groups.models import Membership, MembershipStatus
from participation.groups.policies import can_decide_membership, can_join, can_leave, can_speak_for
from participation.groups.selectors import organisation_of

__all__ = ["NotAllowed", "membership_approve", "membership_join", "membership_leave", "membership_reject"]


def _check_on_behalf_of(*, user, page, organisation):
    verdict = can_speak_for(user, page, organisation)
    if not verdict:
        raise ValidationError({"on_behalf_of": verdict.reason})
    return organisation


@transaction.atomic
def membership_join(*, user, theme, on_behalf_of=None):
    """`user` joins `theme`: at once in an open theme, as a request for the moderators in a closed or mixed one.

    Joining twice changes nothing; after leaving or a rejection, joining asks again. A membership taken at once is
    marked so: members' posts written before (when the group was closed or mixed) are not for them.
    """
    can_join(user, theme).enforce()
    on_behalf_of = _check_on_behalf_of(user=user, page=theme, organisation=on_behalf_of)
    status = MembershipStatus.APPROVED if theme.group_type == "open" else MembershipStatus.PENDING
    at_once = status == MembershipStatus.APPROVED
    now = timezone.now()
    defaults = {"status": status, "on_behalf_of": on_behalf_of, "joined_at_once": at_once}
    if at_once:
        defaults["decided_at"] = now
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, theme=theme, defaults=defaults
    )
    asked = created and status == MembershipStatus.PENDING
    if not created and membership.status in (MembershipStatus.LEFT, MembershipStatus.REJECTED):
        membership.status = status
        membership.on_behalf_of = on_behalf_of
        membership.created_at = now
        membership.decided_at = now if status == MembershipStatus.APPROVED else None
        membership.decided_by = None
        membership.reason = ""
        membership.joined_at_once = at_once
        membership.save()
        asked = status == MembershipStatus.PENDING
    elif not created and on_behalf_of is not None and membership.on_behalf_of_id != on_behalf_of.pk:
        membership.on_behalf_of = on_behalf_of
        membership.save(update_fields=["on_behalf_of"])
    if asked:
        notifications.membership_requested(membership)
    forget()
    return membership


@transaction.atomic
def membership_leave(*, membership, by=None):
    """The member stops their membership of the theme (and its subthemes), or withdraws a request that waits.

    Their posts and reactions stay, under their name; they no longer see members' posts or posts shielded for
    them, and they can join again later (asking the moderators again where the type says so). The theme's
    moderators are told where the theme asks for it. `by` (default: the member) must be the member themselves
    (:func:`participation.groups.policies.can_leave`); leaving a group one is not in raises ``ValidationError``.
    """
    membership = Membership.objects.select_for_update().select_related("theme", "user").get(pk=membership.pk)
    can_leave(by or membership.user, membership).enforce()
    was_member = membership.status == MembershipStatus.APPROVED
    membership.status = MembershipStatus.LEFT
    membership.save(update_fields=["status"])
    if was_member:
        notifications.member_left(membership)
    forget()
    return membership


def _decide_membership(*, membership, by, status, reason):
    membership = Membership.objects.select_for_update().select_related("theme").get(pk=membership.pk)
    can_decide_membership(by, membership).enforce()
    membership.status = status
    membership.decided_at = timezone.now()
    membership.decided_by = by
    membership.reason = reason
    membership.joined_at_once = False  # a moderator admitted them, whatever the type is now
    membership.save()
    log(
        instance=membership,
        action=f"werkgroepen.membership_{'approved' if status == MembershipStatus.APPROVED else 'rejected'}",
        user=by,
        data={"reason": reason, "theme": membership.theme_id, "member": membership.user_id},
    )
    notifications.membership_decided(membership, by=by)
    organisation = organisation_of(membership.theme)
    transaction.on_commit(lambda: call_safely(AFTER_MEMBERSHIP_DECIDED, membership, by, organisation=organisation))
    forget()
    return membership


@transaction.atomic
def membership_approve(*, membership, by):
    """A moderator of the theme accepts a membership request."""
    return _decide_membership(membership=membership, by=by, status=MembershipStatus.APPROVED, reason="")


@transaction.atomic
def membership_reject(*, membership, by, reason):
    """A moderator of the theme refuses a membership request, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you refuse this request: the person will read it.")})
    return _decide_membership(membership=membership, by=by, status=MembershipStatus.REJECTED, reason=reason)
