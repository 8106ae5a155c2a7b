"""What the observer update adds through the hook catalogue: its notification type (observers choose how they get
it) and, for observers, the header's way to their overview. ``manage.py send_observer_updates`` sends it. Imported by participation/wagtail_hooks.py."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_NOTIFICATION_TYPES, REGISTER_USER_MENU_ITEM, MenuItem, NotificationType
from core.models import Role
from core.roles.selectors import user_roles
from participation.observer_updates.mail import OBSERVER_UPDATE


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def observer_update_notification_types():
    return [
        NotificationType(
            code=OBSERVER_UPDATE,
            label=_("Periodic update for observers"),
            default_frequency="immediately",
            audience="members",
            topic="moderation",
            order=50,
        )
    ]


@hooks.register(REGISTER_USER_MENU_ITEM)
def observer_overview_menu_item(request):
    """Observers find their overview in the header (from the memoised roles: no query on most pages)."""
    if not any(role == Role.OBSERVER for role, _path in user_roles(request.user)):
        return None
    return MenuItem(
        name="observer-overview",
        label=_("Overview for observers"),
        url=reverse("participation:observer_overview"),
        order=15,
    )
