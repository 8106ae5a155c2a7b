"""What push mail adds through the hook catalogue: its notification type (members can switch it off) and a
"Push mail" tab on the theme page for the people who may send one. Imported by participation/wagtail_hooks.py."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_THEME_TAB, NotificationType, ThemeTab
from participation.pushmail.policies import can_push
from participation.pushmail.selectors import sent_by
from participation.pushmail.services import PUSH_MAIL
from themes.models import ThemePage


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def push_mail_notification_types():
    return [
        NotificationType(
            code=PUSH_MAIL,
            label=_("Push mails from my working groups"),
            default_frequency="immediately",
            audience="members",
            topic="my_groups",
            order=20,
        )
    ]


@hooks.register(REGISTER_THEME_TAB)
def push_mail_tab(page, request):
    """Only on a theme (not a subtheme), only for whoever may send its members a push mail."""
    user = getattr(request, "user", None)
    if not isinstance(page, ThemePage) or user is None or not user.is_authenticated:
        return None
    if not can_push(user, page):
        return None
    return ThemeTab(label=_("Push mail"), slug="pushmail", order=95, render=lambda: _render_tab(page, request))


def _render_tab(page, request):
    sent = list(sent_by(request.user, theme=page, limit=10))
    return render_to_string("participation/pushmail/tab.html", {"theme": page, "push_mails": sent}, request=request)
