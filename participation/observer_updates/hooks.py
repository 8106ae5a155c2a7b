"""What the observer update adds through the hook catalogue: its notification type (observers choose how they get
it), for observers the header's way to their overview and the overview as where they land after log-in, and the
scheduled job that sends it (the scheduler, or ``manage.py send_observer_updates``). Imported by
participation/wagtail_hooks.py."""

from datetime import time

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_LOGIN_PLACES,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_SCHEDULED_JOB,
    REGISTER_USER_MENU_ITEM,
    LoginPlace,
    MenuItem,
    NotificationType,
    ScheduledJob,
)
from core.models import Role
from core.roles.selectors import user_roles
from participation.observer_updates import selectors
from participation.observer_updates.mail import OBSERVER_UPDATE
from participation.observer_updates.services import send_updates


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


@hooks.register(REGISTER_SCHEDULED_JOB)
def observer_updates_job():
    """Daily at 8:00: each organisation's observers get the update of its last complete period once it has ended.
    Safe twice: the outbox key names the organisation, the observer and the period."""
    return ScheduledJob(
        name="observer-updates",
        run=send_updates,
        at=time(8, 0),
        description="The periodic update for observers (manage.py send_observer_updates).",
    )


@hooks.register(REGISTER_LOGIN_PLACES)
def observer_login_place(user):
    """An observer of a live organisation lands on their overview after log-in (issue 14 §6), not on the home page;
    the account adapter does so only when observing is every role they hold and no page was asked for."""
    if not selectors.observed_organisations(user):
        return None
    return LoginPlace(url=reverse("participation:observer_overview"), label="observer overview", role=Role.OBSERVER)
