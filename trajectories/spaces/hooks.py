"""The spaces' hooks: "Mijn werkruimtes" in the header's personal menu. Imported by
:mod:`trajectories.wagtail_hooks`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_USER_MENU_ITEM, MenuItem
from trajectories.spaces.selectors import takes_part_anywhere


@hooks.register(REGISTER_USER_MENU_ITEM)
def my_spaces_menu_item(request):
    """ "Mijn werkruimtes" in the header, only for people who take part in a space (issue 15 §1)."""
    if not takes_part_anywhere(request.user):
        return None
    return MenuItem(name="my-spaces", label=_("My spaces"), url=reverse("trajectories:my_spaces"), order=30)
