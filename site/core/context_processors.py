from django.conf import settings


def site_context(request):
    from core.notifications import unread_count
    from core.permissions import can_open_admin

    return {
        "WERKGROEPEN_LANGUAGES": settings.LANGUAGES,
        "csp_nonce": getattr(request, "csp_nonce", ""),
        # A callable: templates evaluate it only where they ask (the header), from the memoised roles.
        "can_open_admin": lambda: can_open_admin(request.user),
        "unread_notifications": lambda: unread_count(request.user),
    }
