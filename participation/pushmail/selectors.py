"""Reads of push mail: whom a push mail may reach, and how its e-mails are doing."""

from django.db.models import Count

from core.models import OutboundMessage
from participation.access import MembershipStatus
from participation.groups.models import Membership
from participation.pushmail.models import PushMail, PushMailSelection


def members(theme):
    """The approved, active members of `theme` (whom a push mail may reach)."""
    return Membership.objects.filter(theme=theme, status=MembershipStatus.APPROVED, user__is_active=True)


def recipient_ids(*, theme, sender, selection, organisations=(), people=()):
    """The user ids a push mail with this selection reaches (never the sender)."""
    chosen = members(theme).exclude(user_id=sender.pk)
    if selection == PushMailSelection.ORGANISATIONS:
        chosen = chosen.filter(on_behalf_of__in=list(organisations))
    elif selection == PushMailSelection.MEMBERS:
        chosen = chosen.filter(user_id__in=[person.pk for person in people])
    return sorted(set(chosen.values_list("user_id", flat=True)))


def sent_by(user, *, theme=None, limit=200):
    """The push mails `user` sent (of `theme`, when given), newest first."""
    push_mails = PushMail.objects.visible_to(user).filter(sender_id=user.pk)
    if theme is not None:
        push_mails = push_mails.filter(theme_id=theme.pk)
    return push_mails.select_related("theme").order_by("-created_at", "-id")[:limit]


def push_mail_for(user, pk):
    """The push mail `pk` if `user` may look at it (its sender; a superadmin), else None."""
    return PushMail.objects.visible_to(user).select_related("theme", "sender").filter(pk=pk).first()


def delivery(push):
    """How the e-mails of `push` are doing: {"queued": n, "sent": n, "failed": n, "cancelled": n, "skipped": n}.
    "skipped" are recipients who switched push mail off or left before it was sent."""
    counts = dict(
        OutboundMessage.objects.filter(key=push.outbox_key)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    result = {status: counts.get(status, 0) for status in ("queued", "sent", "failed", "cancelled")}
    result["expanded"] = push.expanded_at is not None
    result["skipped"] = push.recipient_count - sum(counts.values()) if push.expanded_at else 0
    return result
