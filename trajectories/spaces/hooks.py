"""The spaces' hooks: "Mijn werkruimtes" in the header's personal menu and the spaces as places to land after
log-in. Imported by
:mod:`trajectories.wagtail_hooks`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_LOGIN_PLACES,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_USER_MENU_ITEM,
    LoginPlace,
    MenuItem,
    NotificationType,
)
from trajectories.spaces.mail import STATUS_NOTIFICATION_TYPE
from trajectories.spaces.selectors import login_spaces, takes_part_anywhere


@hooks.register(REGISTER_USER_MENU_ITEM)
def my_spaces_menu_item(request):
    """ "Mijn werkruimtes" in the header, only for people who take part in a space (issue 15 §1)."""
    if not takes_part_anywhere(request.user):
        return None
    return MenuItem(name="my-spaces", label=_("My spaces"), url=reverse("trajectories:my_spaces"), order=30)


@hooks.register(REGISTER_LOGIN_PLACES)
def spaces_as_login_places(user):
    """Each space the person takes part in: with one space and nothing else on the site, they land in it."""
    return [LoginPlace(url=reverse("trajectories:overview", args=[pk]), label="space") for pk in login_spaces(user)]


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def notification_types():
    return [
        NotificationType(
            code=STATUS_NOTIFICATION_TYPE,
            label=_("A collaboration space I take part in is closed or opened again"),
            default_frequency="immediately",
            audience="participants",
            discreet=True,  # names neither the space nor anyone in it, no care content (SEC-22)
            offered_to=takes_part_anywhere,
        )
    ]
