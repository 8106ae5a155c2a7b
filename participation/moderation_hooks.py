"""Hooks of the public moderation (issue 4 §2, §4, §5): the audit-log actions of hiding, reports and blocks,
and the notification types of the working groups. Imported by ParticipationConfig.ready()."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

from config.hooks import REGISTER_NOTIFICATION_TYPES

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


class ModerationFormatter(LogFormatter):
    """The reason the moderator gave is the entry's comment in the admin's histories."""

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


@hooks.register("register_log_actions")
def register_moderation_log_actions(actions):
    for code, label, message in MODERATION_ACTIONS:
        actions.register_action(code)(type("Formatter", (ModerationFormatter,), {"label": label, "message": message}))


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def participation_notification_types():
    from participation.notifications import TYPES

    return TYPES
