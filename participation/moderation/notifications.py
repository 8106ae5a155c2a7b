"""What the moderation room tells people (core.notifications): one function per event, called inside the event's
transaction by the services. Its notification types are declared in ``moderation/hooks.py``.

``obj`` is what the notification is about, so only people who may see it are told (SEC-22); keys name the event.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.notifications.services import notify
from core.roles.selectors import moderators_of
from participation.posts.models import Reaction

REPORT_OUTCOME = "participation.report_outcome"
TO_MODERATE = "participation.to_moderate"
# Declared by the posts room (posts/hooks.py): every decision of a moderator on a member's post or reaction.
ITEM_DECIDED = "participation.item_decided"


def _stamp():
    return timezone.now().strftime("%Y%m%d%H%M%S%f")


def item_decided(item, *, by, event):
    """Tell the author that a moderator hid their post or reaction (``event`` "hidden") or removed it after reports
    ("removed"), with the reason."""
    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    titles = {
        ("hidden", False): _("Your post “%(title)s” was hidden by a moderator"),
        ("removed", False): _("Your post “%(title)s” was removed after reports"),
        ("hidden", True): _("Your reaction on “%(title)s” was hidden by a moderator"),
        ("removed", True): _("Your reaction on “%(title)s” was removed after reports"),
    }
    reason = item.decision_reason
    notify(
        code=ITEM_DECIDED,
        users=[item.author],
        key=f"{ITEM_DECIDED}:{'reaction' if is_reaction else 'post'}:{item.pk}:{event}:{_stamp()}",
        title=titles[(event, is_reaction)] % {"title": post.title},
        text=(_("Reason: %(reason)s") % {"reason": reason}) if reason else "",
        url=item.get_absolute_url(),
        obj=item,
        actor=by,
    )


def report_outcome(report, *, kept, by):
    """Tell one reporter what the moderators decided (``obj`` is their own report: only they see it)."""
    if report.reporter is None:
        return
    post = report.post
    if kept:
        title = _("Your report on “%(title)s”: the moderators left it online") % {"title": post.title}
    else:
        title = _("Your report on “%(title)s”: the moderators removed it") % {"title": post.title}
    notify(
        code=REPORT_OUTCOME,
        users=[report.reporter],
        key=f"{REPORT_OUTCOME}:{report.pk}",
        title=title,
        text=_("Thank you for reporting."),
        url=post.theme.url or "",
        obj=report,
        actor=by,
    )


def hidden_by_reports(item, *, count):
    """Tell the moderators that an item hid itself after `count` reports and waits for their decision."""
    is_reaction = isinstance(item, Reaction)
    post = item.post if is_reaction else item
    notify(
        code=TO_MODERATE,
        users=list(moderators_of(post.page)),
        key=f"{TO_MODERATE}:reported:{'reaction' if is_reaction else 'post'}:{item.pk}:{_stamp()}",
        title=_("Hidden after %(count)d reports: “%(title)s”. Decide whether it stays online.")
        % {"count": count, "title": post.title},
        url=item.get_absolute_url(),
        obj=item,
    )
