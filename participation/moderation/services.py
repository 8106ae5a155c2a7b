"""Every write of the public moderation (issue 4): blocks, hiding and unhiding, reports and the decisions on them.
One function per action, keyword-only, one transaction each.

Callers pass objects they already found through ``visible_to``; the services ask the room's policies again
(:mod:`participation.moderation.policies`), so a forged request meets the same rules as the button. Every decision
writes Wagtail's audit log and tells the people concerned.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from core.ratelimit import allow
from core.request_cache import forget
from participation.access import NotAllowed, PostStatus, access_for
from participation.moderation import notifications
from participation.moderation.models import Block, Report, ReportReason, ReportStatus
from participation.moderation.policies import (
    can_block,
    can_hide,
    can_keep,
    can_moderate,
    can_remove,
    can_report,
    can_unblock,
    can_unhide,
)
from participation.posts.models import Post, Reaction
from participation.posts.services import reaction_counters_refresh

__all__ = [
    "NotAllowed",
    "item_hide",
    "item_unhide",
    "member_block",
    "member_unblock",
    "post_hide",
    "post_unhide",
    "reaction_hide",
    "reaction_unhide",
    "report_create",
    "report_keep",
    "report_remove",
]


def _lock_post(post):
    return Post.objects.select_for_update().get(pk=post.pk)


def _item_and_post(*, post=None, reaction=None):
    """Lock and return ``(item, post)`` for a post or a reaction (exactly one of the two)."""
    if (post is None) == (reaction is None):
        raise TypeError("Pass a post or a reaction.")
    if reaction is not None:
        locked_post = _lock_post(reaction.post)
        return Reaction.objects.select_for_update().get(pk=reaction.pk), locked_post
    locked_post = _lock_post(post)
    return locked_post, locked_post


def _save_status(item, *, fields=()):
    """Save a status change; a post's ``save`` starts a new content version (listing caches, facet counts)."""
    item.save(update_fields=["status", "updated_at", *fields])
    if isinstance(item, Reaction):
        reaction_counters_refresh(post_id=item.post_id)


def _kind(item):
    return "reaction" if isinstance(item, Reaction) else "post"


def _log_decision(item, *, action, by, reason, **data):
    post = item.post if isinstance(item, Reaction) else item
    log(
        instance=item,
        action=action,
        user=by,
        data={"reason": reason, "actor": by.pk if by else None, "theme": post.theme_id, **data},
    )


@transaction.atomic
def member_block(*, theme, user, by, reason):
    """A moderator of `theme` blocks `user` there: they keep reading, but can no longer post, react, star or
    report in the theme (and its subthemes). Blocking twice changes nothing. Returns the :class:`Block`."""
    can_moderate(by, theme.pk).enforce()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you block this member: it is kept in the history.")})
    can_block(by, theme=theme, member=user).enforce()
    block, created = Block.objects.get_or_create(theme=theme, user=user, defaults={"reason": reason, "created_by": by})
    if created:
        log(
            instance=block,
            action="werkgroepen.member_blocked",
            user=by,
            data={"reason": reason, "actor": by.pk, "theme": theme.pk, "member": user.pk},
        )
    forget()
    return block


@transaction.atomic
def member_unblock(*, theme, user, by, reason=""):
    """A moderator of `theme` lifts the block of `user`. The history stays in the audit log."""
    can_moderate(by, theme.pk).enforce()
    block = Block.objects.select_for_update().filter(theme=theme, user=user).first()
    can_unblock(by, theme=theme, is_blocked=block is not None).enforce()
    log(
        instance=block,
        action="werkgroepen.member_unblocked",
        user=by,
        data={"reason": (reason or "").strip(), "actor": by.pk, "theme": theme.pk, "member": user.pk},
    )
    block.delete()
    forget()


def _hide(item, *, by, reason, action):
    item.status = PostStatus.HIDDEN
    item.decided_at = timezone.now()
    item.decided_by = by
    item.decision_reason = reason
    _save_status(item, fields=["decided_at", "decided_by", "decision_reason"])
    _log_decision(item, action=action, by=by, reason=reason)
    return item


@transaction.atomic
def item_hide(*, by, reason, post=None, reaction=None):
    """A moderator hides a published post or reaction, saying why (the author reads it). Until it is unhidden
    only its author and the moderators see it."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you hide this: the author will read it.")})
    item, _locked_post = _item_and_post(post=post, reaction=reaction)
    can_hide(by, item).enforce()
    _hide(item, by=by, reason=reason, action=f"werkgroepen.{_kind(item)}_hidden")
    _notify_author_decision(item, by=by, event="hidden")
    return item


@transaction.atomic
def item_unhide(*, by, reason="", post=None, reaction=None):
    """A moderator puts a hidden post or reaction back online. Open reports on it are dismissed (kept)."""
    item, _locked_post = _item_and_post(post=post, reaction=reaction)
    can_unhide(by, item).enforce()
    reason = (reason or "").strip()
    _unhide(item, by=by, reason=reason)
    _log_decision(item, action=f"werkgroepen.{_kind(item)}_unhidden", by=by, reason=reason)
    _close_reports(item, by=by, reason=reason, status="kept")
    return item


def _unhide(item, *, by, reason):
    item.status = PostStatus.PUBLISHED
    item.decided_at = timezone.now()
    item.decided_by = by
    item.decision_reason = reason
    if item.published_at is None:
        item.published_at = item.decided_at
    _save_status(item, fields=["decided_at", "decided_by", "decision_reason", "published_at"])


def post_hide(*, post, by, reason):
    """A moderator hides a published post (see :func:`item_hide`)."""
    return item_hide(post=post, by=by, reason=reason)


def post_unhide(*, post, by, reason=""):
    """A moderator puts a hidden post back online (see :func:`item_unhide`)."""
    return item_unhide(post=post, by=by, reason=reason)


def reaction_hide(*, reaction, by, reason):
    """A moderator hides a published reaction (see :func:`item_hide`)."""
    return item_hide(reaction=reaction, by=by, reason=reason)


def reaction_unhide(*, reaction, by, reason=""):
    """A moderator puts a hidden reaction back online (see :func:`item_unhide`)."""
    return item_unhide(reaction=reaction, by=by, reason=reason)


def _open_reports(item):
    reports = Report.objects.filter(status=ReportStatus.OPEN)
    if isinstance(item, Reaction):
        return reports.filter(reaction=item)
    return reports.filter(post=item, reaction__isnull=True)


def _close_reports(item, *, by, reason, status):
    """Close the open reports on `item` with `status` (kept / removed) and tell each reporter the outcome."""
    now = timezone.now()
    reports = list(_open_reports(item).select_for_update(of=("self",)).select_related("reporter", "post__theme"))
    for report in reports:
        report.status = status
        report.decided_at = now
        report.decided_by = by
        report.decision_reason = reason
        report.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
    type(item).objects.filter(pk=item.pk).update(open_report_count=0)
    item.open_report_count = 0
    for report in reports:
        notifications.report_outcome(report, kept=status == ReportStatus.KEPT, by=by)
    return len(reports)


def _report_rate_limited(reporter):
    limit, period = getattr(settings, "PARTICIPATION_RATE_LIMITS", {}).get("report", (10, 3600))
    return not allow(scope="participation-report", key=reporter.pk, limit=limit, period=period)


@transaction.atomic
def report_create(*, reporter, reason, text="", post=None, reaction=None):
    """`reporter`, a member who sees a published post or reaction, reports it (Melden); returns
    ``(report, created)``.

    One report per member and item: reporting again (or two identical requests at once) leaves one row. The
    post row is locked while the report is counted; at the theme's ``report_threshold`` distinct open reports
    the item hides itself until a moderator decides, and the moderators are told. Rate-limited per reporter.
    """
    if not reporter.is_authenticated:
        raise NotAllowed(_("Log in to report something."))
    item, locked_post = _item_and_post(post=post, reaction=reaction)
    access = access_for(reporter)
    visible = (Reaction if isinstance(item, Reaction) else Post).objects.visible_to(reporter, access=access)
    if not visible.filter(pk=item.pk).exists():
        raise NotAllowed(_("This cannot be found."))
    can_report(reporter, item, access=access).enforce()
    errors = {}
    if reason not in ReportReason.values:
        errors["reason"] = _("Choose why you report this.")
    text = (text or "").strip()
    if reason == ReportReason.OTHER and not text:
        errors["text"] = _("Explain what is wrong.")
    elif len(text) > 2000:
        errors["text"] = _("Your explanation is too long: at most 2000 characters.")
    if errors:
        raise ValidationError(errors)
    lookup = {"reporter": reporter, "post": locked_post, "reaction": item if isinstance(item, Reaction) else None}
    existing = Report.objects.filter(**lookup).first()
    if existing is not None:
        return existing, False
    if _report_rate_limited(reporter):
        raise NotAllowed(_("You have reported a lot in a short time. Wait an hour and try again."))
    try:
        with transaction.atomic():
            report = Report.objects.create(**lookup, theme_id=locked_post.theme_id, reason=reason, text=text)
    except IntegrityError:
        return Report.objects.get(**lookup), False  # an identical request won
    count = _open_reports(item).count()
    item.open_report_count = count
    type(item).objects.filter(pk=item.pk).update(open_report_count=count)
    threshold = locked_post.theme.report_threshold or 3
    if count >= threshold:
        _hide(item, by=None, reason="", action="werkgroepen.hidden_by_reports")
        notifications.hidden_by_reports(item, count=count)
    return report, True


def _reported_item(post, reaction):
    item, locked_post = _item_and_post(post=post, reaction=reaction)
    return item, locked_post


@transaction.atomic
def report_keep(*, by, reason="", post=None, reaction=None):
    """A moderator decides the reported item may stay: it comes back online if it was hidden, its open reports
    are dismissed and the reporters hear the outcome. Returns the number of reports closed."""
    item, _locked_post = _reported_item(post, reaction)
    reason = (reason or "").strip()
    can_keep(by, item, has_open_reports=_open_reports(item).exists()).enforce()
    if item.status == PostStatus.HIDDEN:
        _unhide(item, by=by, reason=reason)
    _log_decision(item, action="werkgroepen.reports_kept", by=by, reason=reason)
    return _close_reports(item, by=by, reason=reason, status="kept")


@transaction.atomic
def report_remove(*, by, reason, post=None, reaction=None):
    """A moderator removes the reported item: it is refused (only its author sees it, with the reason), the
    reports are closed as upheld and the reporters hear the outcome. Returns the number of reports closed."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why you remove this: the author will read it.")})
    item, _locked_post = _reported_item(post, reaction)
    can_remove(by, item).enforce()
    item.status = PostStatus.REJECTED
    item.decided_at = timezone.now()
    item.decided_by = by
    item.decision_reason = reason
    _save_status(item, fields=["decided_at", "decided_by", "decision_reason"])
    _log_decision(item, action="werkgroepen.reports_removed", by=by, reason=reason)
    _notify_author_decision(item, by=by, event="removed")
    return _close_reports(item, by=by, reason=reason, status="removed")


def _notify_author_decision(item, *, by, event):
    notifications.item_decided(item, by=by, event=event)
