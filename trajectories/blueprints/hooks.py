"""The Traject tool: shown in a space that follows a template, first of the tools, with the current phase and its
checklist on the Overzicht; and the templates screen of the admin. Imported by :mod:`trajectories.wagtail_hooks`."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_TRAJECTORY_TOOL, TrajectoryTool
from trajectories.blueprints import PHASES, selectors
from trajectories.blueprints.admin import TrajectoryTemplateViewSet


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=-3)
def phases_tool(trajectory, request):
    # ``has_phases`` comes with the viewer's seat (``space_for``, no query of its own); read here when it did not.
    has_phases = getattr(trajectory, "has_phases", None)
    if has_phases is None:
        has_phases = bool(selectors.space_phases(request, trajectory.pk))
    if not has_phases:
        return None  # a space without a template has no phases to show

    def current_phase_widget():
        phases = selectors.space_phases(request, trajectory.pk)
        return render_to_string(
            "trajectories/blueprints/widget.html",
            {"phases": phases, "current_phase": selectors.current_phase(phases), "trajectory": trajectory},
            request=request,
        )

    return TrajectoryTool(
        slug=PHASES,
        label=_("Trajectory"),
        url=reverse("trajectories:phases", args=[trajectory.pk]),
        widget=current_phase_widget,
    )


@hooks.register("register_admin_viewset")
def register_template_viewset():
    return TrajectoryTemplateViewSet()
