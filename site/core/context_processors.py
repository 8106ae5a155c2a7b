"""What every site template may use: the languages, the CSP nonce and the header's personal menu (evaluated only
where a template asks)."""

from django.conf import settings

from config.hooks import REGISTER_USER_MENU_ITEM, call
from core.notifications.selectors import unread_count
from core.pages.policies import can_open_admin


def site_context(request):
    return {
        "WERKGROEPEN_LANGUAGES": settings.LANGUAGES,
        # The header's personal menu: what apps and plugins add through register_user_menu_item (read when shown).
        "user_menu_items": lambda: user_menu_items(request),
        "csp_nonce": getattr(request, "csp_nonce", ""),
        # A callable: templates evaluate it only where they ask (the header), from the memoised roles.
        "can_open_admin": lambda: can_open_admin(request.user),
        "unread_notifications": lambda: unread_count(request.user),
    }


def user_menu_items(request):
    """The items of the header's personal menu for the logged-in person, in their order."""
    if not request.user.is_authenticated:
        return []
    return sorted(call(REGISTER_USER_MENU_ITEM, request), key=lambda item: (item.order, item.name))
