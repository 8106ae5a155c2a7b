"""The Agenda and Documenten tools, contributed through the ``register_trajectory_tool`` hook like any plugin
(imported from :func:`trajectories.kinds_tools.register`). Ordered after Plan and Logboek."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_TRAJECTORY_TOOL, TrajectoryTool
from trajectories import agenda
from trajectories.access import space_for


def _next_appointments_widget(trajectory, request):
    def render():
        space = space_for(request.user, trajectory.pk)
        if space is None:
            return ""
        rows = agenda.next_appointments(request, space)
        return render_to_string(
            "trajectories/widgets/next_appointments.html", {"space": space, "rows": rows}, request=request
        )

    return render


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=10)
def agenda_tool(trajectory, request):
    return TrajectoryTool(
        slug="agenda",
        label=_("Agenda"),
        url=reverse("trajectories:agenda", args=[trajectory.pk]),
        widget=_next_appointments_widget(trajectory, request),
    )


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=20)
def documents_tool(trajectory, request):
    return TrajectoryTool(
        slug="documenten",
        label=_("Documents"),
        url=reverse("trajectories:documents", args=[trajectory.pk]),
    )
