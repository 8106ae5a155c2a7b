"""What the moderation room adds through the hooks (config/hooks.py and Wagtail's): its notification types, the
audit-log actions of every moderator's decision (with their formatters for the admin's Logs report and the item
histories), participation's moderation queues, and the moderators' screens in the administration. The menu item
"To moderate: N" and the dashboard panel over every registered queue are the core's (``core/moderation/hooks.py``).
Imported by participation/wagtail_hooks.py."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from config.hooks import REGISTER_MODERATION_QUEUE, REGISTER_NOTIFICATION_TYPES, ModerationQueue, NotificationType
from core.models import User
from core.request_cache import memoise
from participation.groups.models import Membership
from participation.moderation.admin import admin_patterns, queue_url
from participation.moderation.notifications import REPORT_OUTCOME, TO_MODERATE
from participation.moderation.queues import QUEUES
from participation.posts.models import Post, Reaction
from themes.models import ThemePage


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def moderation_notification_types():
    """What became of a person's reports; for moderators, every item that waits for them."""
    return [
        NotificationType(
            code=REPORT_OUTCOME,
            label=_("What happened with my reports"),
            default_frequency="immediately",
            topic="my_posts",
            order=30,
        ),
        NotificationType(
            code=TO_MODERATE,
            label=_("New items to moderate"),
            default_frequency="immediately",
            audience="moderators",
            topic="moderation",
            order=10,
        ),
    ]


# --- The audit log of moderators' decisions ---------------------------------------------------------------------

MODERATION_ACTIONS = [
    ("werkgroepen.post_hidden", _("Hide post"), _("Post hidden by a moderator")),
    ("werkgroepen.post_unhidden", _("Unhide post"), _("Post back online")),
    ("werkgroepen.reaction_hidden", _("Hide reaction"), _("Reaction hidden by a moderator")),
    ("werkgroepen.reaction_unhidden", _("Unhide reaction"), _("Reaction back online")),
    ("werkgroepen.hidden_by_reports", _("Hidden by reports"), _("Hidden automatically after reports")),
    ("werkgroepen.reports_kept", _("Keep after reports"), _("Reports dismissed: kept online")),
    ("werkgroepen.reports_removed", _("Remove after reports"), _("Removed after reports")),
    ("werkgroepen.member_blocked", _("Block member"), _("Member blocked in the working group")),
    ("werkgroepen.member_unblocked", _("Unblock member"), _("Member unblocked in the working group")),
]

DECISION_ACTIONS = [
    ("werkgroepen.membership_approved", _("Approve membership"), _("Membership approved")),
    ("werkgroepen.membership_rejected", _("Refuse membership"), _("Membership refused")),
    ("werkgroepen.post_approved", _("Approve post"), _("Post approved")),
    ("werkgroepen.post_rejected", _("Refuse post"), _("Post refused")),
    ("werkgroepen.reaction_approved", _("Approve reaction"), _("Reaction approved")),
    ("werkgroepen.reaction_rejected", _("Refuse reaction"), _("Reaction refused")),
]


class ModerationFormatter(LogFormatter):
    """The reason the moderator gave is the entry's comment in the admin's histories."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


class DecisionFormatter(LogFormatter):
    """A moderation decision in the admin's Logs report and the item history: the message names the member and the
    theme (from the entry's data, else from the item) and the reason the author was given."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        names = _log_names(log_entry, data)
        if names.get("member") and names.get("theme"):
            message = _("%(message)s: %(member)s in %(theme)s") % {"message": self.message, **names}
        elif names.get("theme"):
            message = _("%(message)s in %(theme)s") % {"message": self.message, **names}
        else:
            message = str(self.message)
        if data.get("reason"):
            message = _("%(message)s. Reason: %(reason)s") % {"message": message, "reason": data["reason"]}
        return message

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


def _theme_title_of(log_entry):
    lookups = {Membership: "theme__title", Post: "theme__title", Reaction: "post__theme__title"}
    model = log_entry.content_type.model_class() if log_entry.content_type_id else None
    if model not in lookups:
        return None
    return model.objects.filter(pk=log_entry.object_id).values_list(lookups[model], flat=True).first()


def _log_names(log_entry, data):
    """Readable names for a log entry (a deleted member or theme simply drops out); read once per request."""
    names = {}
    if data.get("theme"):
        title = memoise(
            ("log-theme", data["theme"]),
            lambda: ThemePage.objects.filter(pk=data["theme"]).values_list("title", flat=True).first(),
        )
    else:
        title = memoise(
            ("log-theme-of", log_entry.content_type_id, log_entry.object_id), lambda: _theme_title_of(log_entry)
        )
    if title:
        names["theme"] = title
    if data.get("member"):
        name = memoise(
            ("log-member", data["member"]),
            lambda: User.objects.filter(pk=data["member"]).values_list("display_name", flat=True).first(),
        )
        if name:
            names["member"] = name
    return names


@hooks.register("register_log_actions")
def register_decision_log_actions(actions):
    for code, label, message in DECISION_ACTIONS:
        actions.register_action(code)(type("Formatter", (DecisionFormatter,), {"label": label, "message": message}))


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for code, label, message in MODERATION_ACTIONS:
        actions.register_action(code)(type("Formatter", (ModerationFormatter,), {"label": label, "message": message}))


# --- The moderators' screens in the administration --------------------------------------------------------------


@hooks.register(REGISTER_MODERATION_QUEUE)
def participation_queues():
    """Membership requests, posts, reactions and reports waiting for the person (moderation/queues.py)."""
    return [
        ModerationQueue(label=queue.label, count=queue.count, url=queue_url(queue.slug)) for queue in QUEUES.values()
    ]


@hooks.register("register_admin_urls")
def moderation_admin_urls():
    return [path("moderatie/", include(admin_patterns))]


@hooks.register("insert_global_admin_css")
def moderation_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("participation/moderation-admin.css"))
