"""The collaboration spaces contribute their tools through the hook catalogue (config/hooks.py), like any plugin,
and their part of "Mijn gegevens" and account deletion (``register_user_data``, :mod:`trajectories.user_data`).

Each tool is a :class:`config.hooks.TrajectoryTool`: its tab in the space and, on the Overzicht, a widget. A
widget reads as the request's user inside the space (``trajectories.access.space_for``, already read for this
request) and notes what it shows for the access log (``trajectories.presenters.show_all`` does both).
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_TRAJECTORY_TOOL,
    REGISTER_URLS,
    REGISTER_USER_DATA,
    REGISTER_USER_MENU_ITEM,
    MenuItem,
    TrajectoryTool,
    UrlMount,
)
from trajectories import selectors, user_data
from trajectories.access import space_for


def _widget(template, trajectory, request, read):
    def render():
        space = space_for(request.user, trajectory.pk)
        if space is None:
            return ""
        return render_to_string(template, {"space": space, "rows": read(request, space)}, request=request)

    return render


@hooks.register(REGISTER_TRAJECTORY_TOOL)
def plan_tool(trajectory, request):
    return TrajectoryTool(
        slug="plan",
        label=_("Plan"),
        url=reverse("trajectories:plan", args=[trajectory.pk]),
        widget=_widget("trajectories/widgets/open_actions.html", trajectory, request, selectors.open_actions),
    )


@hooks.register(REGISTER_TRAJECTORY_TOOL)
def logbook_tool(trajectory, request):
    return TrajectoryTool(
        slug="logboek",
        label=_("Logbook"),
        url=reverse("trajectories:logbook", args=[trajectory.pk]),
        widget=_widget("trajectories/widgets/latest_log.html", trajectory, request, selectors.latest_log_entries),
    )


hooks.register(REGISTER_USER_DATA, user_data.user_data)


@hooks.register(REGISTER_URLS)
def trajectories_urls():
    return UrlMount(prefix="werkruimte/", patterns="trajectories.urls", order=60)


@hooks.register(REGISTER_USER_MENU_ITEM)
def my_spaces_menu_item(request):
    """ "Mijn werkruimtes" in the header, only for people who take part in a space (issue 15 §1)."""
    if not selectors.takes_part_anywhere(request.user):
        return None
    return MenuItem(name="my-spaces", label=_("My spaces"), url=reverse("trajectories:my_spaces"), order=30)
