"""What push mail adds through the hook catalogue: its notification type (members can switch it off) and a
"Push mail" tab on the theme page for the people who may send one (imported by ParticipationConfig.ready)."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_THEME_TAB, ThemeTab


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def push_mail_notification_types():
    from participation.pushmail import TYPES

    return TYPES


@hooks.register(REGISTER_THEME_TAB)
def push_mail_tab(page, request):
    """Only on a theme (not a subtheme), only for whoever may send its members a push mail."""
    from themes.models import ThemePage

    user = getattr(request, "user", None)
    if not isinstance(page, ThemePage) or user is None or not user.is_authenticated:
        return None
    from participation.pushmail import may_push

    if not may_push(user, page):
        return None
    return ThemeTab(label=_("Push mail"), slug="pushmail", order=95, render=lambda: _render_tab(page, request))


def _render_tab(page, request):
    from participation.pushmail_models import PushMail

    sent = list(
        PushMail.objects.visible_to(request.user)
        .filter(theme_id=page.pk, sender_id=request.user.pk)
        .order_by("-created_at", "-id")[:10]
    )
    return render_to_string("participation/pushmail/tab.html", {"theme": page, "push_mails": sent}, request=request)
