"""What the moderator's digests add through the hooks: their notification type, a "Digests" tab on the theme page
for its moderators (the way to compose one), and the audit-log action of a sent digest. Imported by
participation/wagtail_hooks.py."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_THEME_TAB, NotificationType, ThemeTab
from participation.theme_digests.mail import THEME_DIGEST
from participation.theme_digests.policies import can_compose
from participation.theme_digests.selectors import sent_to
from themes.models import ThemePage


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def digest_notification_types():
    return [
        NotificationType(
            code=THEME_DIGEST,
            label=_("Digests of interesting posts from my working groups"),
            default_frequency="immediately",
            audience="members",
            topic="my_groups",
            order=30,
        )
    ]


@hooks.register(REGISTER_THEME_TAB)
def digests_tab(page, request):
    """Only for the moderators of a theme (not a subtheme): its digests and the button to compose one."""
    user = getattr(request, "user", None)
    if not isinstance(page, ThemePage) or user is None or not user.is_authenticated:
        return None
    if not can_compose(user, page):
        return None
    return ThemeTab(label=_("Digests"), slug="overzichten", order=90, render=lambda: _render_tab(page, request))


def _render_tab(page, request):
    sent = list(sent_to(page, request.user, limit=10))
    return render_to_string("participation/theme_digests/tab.html", {"theme": page, "digests": sent}, request=request)


@hooks.register("register_log_actions")
def register_digest_log_actions(actions):
    actions.register_action("werkgroepen.digest_sent", _("Send digest"), _("Digest sent to the members"))
