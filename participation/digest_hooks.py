"""What the digests add through the hook catalogue: their notification types, a "Digests" tab on the theme page for
its moderators (the way to compose one), and the audit-log action of a sent digest."""

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_THEME_TAB, ThemeTab


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def digest_notification_types():
    from participation.digests import TYPES

    return TYPES


@hooks.register(REGISTER_THEME_TAB)
def digests_tab(page, request):
    """Only for the moderators of a theme (not a subtheme): its digests and the button to compose one."""
    from themes.models import ThemePage

    user = getattr(request, "user", None)
    if not isinstance(page, ThemePage) or user is None or not user.is_authenticated:
        return None
    from participation.digests import may_compose

    if not may_compose(user, page):
        return None
    return ThemeTab(label=_("Digests"), slug="overzichten", order=90, render=lambda: _render_tab(page, request))


def _render_tab(page, request):
    from participation.digest_models import Digest

    sent = list(
        Digest.objects.visible_to(request.user)
        .filter(theme_id=page.pk)
        .select_related("sender")
        .order_by("-sent_at", "-id")[:10]
    )
    return render_to_string("participation/digests/tab.html", {"theme": page, "digests": sent}, request=request)


@hooks.register("register_log_actions")
def register_digest_log_actions(actions):
    actions.register_action("werkgroepen.digest_sent", _("Send digest"), _("Digest sent to the members"))
