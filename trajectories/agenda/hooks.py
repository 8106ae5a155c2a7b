"""The Agenda's hooks: its item kind (appointments), its tool with the Overzicht widget of the next
appointments (ordered after Plan and Logboek), the notification type of planning together and the scheduled job
of the reminders. Imported by :mod:`trajectories.wagtail_hooks`."""

from datetime import timedelta

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_SCHEDULED_JOB,
    REGISTER_SPACE_ITEM_KIND,
    REGISTER_TRAJECTORY_TOOL,
    NotificationType,
    ScheduledJob,
    SpaceItemKind,
    TrajectoryTool,
)
from trajectories.agenda import AGENDA
from trajectories.agenda.forms import AppointmentForm
from trajectories.agenda.models import Appointment
from trajectories.agenda.selectors import next_appointments
from trajectories.agenda.services import PLANNING_NOTIFICATION, REMINDER_HOURS, send_reminders
from trajectories.space_view import widget
from trajectories.spaces.selectors import takes_part_anywhere


@hooks.register(REGISTER_SPACE_ITEM_KIND)
def appointment_kind():
    return SpaceItemKind(
        key="appointment",
        add_label=_("Add an appointment"),
        model=Appointment,
        tool=AGENDA,
        segment="agenda-afspraken",
        label=_("appointment"),
        label_plural=_("appointments"),
        form_class=AppointmentForm,
        list_url_name="trajectories:agenda",
        order=60,
    )


@hooks.register(REGISTER_TRAJECTORY_TOOL, order=10)
def agenda_tool(trajectory, request):
    return TrajectoryTool(
        slug=AGENDA,
        label=_("Agenda"),
        url=reverse("trajectories:agenda", args=[trajectory.pk]),
        widget=widget("trajectories/agenda/widget.html", trajectory, request, next_appointments),
    )


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def planning_notification_types():
    return [
        NotificationType(
            code=PLANNING_NOTIFICATION,
            label=_("Planning appointments in my collaboration spaces"),
            default_frequency="immediately",
            audience="participants",
            discreet=True,  # mail about a space names nobody (issue 9): no greeting by name either
            offered_to=takes_part_anywhere,
        )
    ]


def _remind():
    return send_reminders(hours=getattr(settings, "APPOINTMENT_REMINDER_HOURS", REMINDER_HOURS))


@hooks.register(REGISTER_SCHEDULED_JOB)
def reminders_job():
    """Every quarter of an hour: remind everyone who may read an appointment that starts within the next hours.
    Safe twice: one outbox row per appointment, person and start time."""
    return ScheduledJob(
        name="appointment-reminders",
        run=_remind,
        every=timedelta(minutes=15),
        description="Reminders of appointments in collaboration spaces (manage.py send_appointment_reminders).",
    )
