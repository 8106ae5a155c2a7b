"""The Logbook's hooks: its item kind (log entries) and its tool with the Overzicht widget of the latest entries.
Imported by :mod:`trajectories.wagtail_hooks`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import REGISTER_SPACE_ITEM_KIND, REGISTER_TRAJECTORY_TOOL, SpaceItemKind, TrajectoryTool
from trajectories.logbook import LOGBOOK
from trajectories.logbook.forms import LogEntryForm
from trajectories.logbook.models import LogEntry
from trajectories.logbook.selectors import latest_log_entries
from trajectories.space_view import widget


@hooks.register(REGISTER_SPACE_ITEM_KIND)
def logbook_kinds():
    return [
        SpaceItemKind(
            key="log_entry",
            add_label=_("Write in the logbook"),
            model=LogEntry,
            tool=LOGBOOK,
            segment="logboek",
            label=_("log entry"),
            label_plural=_("log entries"),
            form_class=LogEntryForm,
            list_url_name="trajectories:logbook",
            order=50,
        ),
    ]


# Order -1: after the Plan, before the tools of plugins (default order 0) and the Agenda (10).
@hooks.register(REGISTER_TRAJECTORY_TOOL, order=-1)
def logbook_tool(trajectory, request):
    return TrajectoryTool(
        slug=LOGBOOK,
        label=_("Logbook"),
        url=reverse("trajectories:logbook", args=[trajectory.pk]),
        widget=widget("trajectories/logbook/widget.html", trajectory, request, latest_log_entries),
    )
