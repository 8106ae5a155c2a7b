"""The form of an appointment (a generic item form). It parses and keeps what was typed; the rules live in the
item services and ``Appointment.validate_in_space``."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.forms import DATE_WIDGET, TEXT_LIMIT, DayField, ItemForm

TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class AppointmentForm(ItemForm):
    """An appointment: a day, a start and end time, and a place or a video call. The time fields are named
    ``start`` and ``end`` so the service's messages about them land next to them."""

    title = forms.CharField(
        label=_("What is the appointment about?"),
        max_length=200,
        error_messages={"required": _("Write what the appointment is about.")},
    )
    date = DayField(
        label=_("Day"),
        widget=DATE_WIDGET,
        error_messages={"required": _("Choose a day."), "invalid": _("Write a date like 31-12-2026.")},
    )
    start = forms.TimeField(
        label=_("From"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Choose a start time."), "invalid": _("Write a time like 14:30.")},
    )
    end = forms.TimeField(
        label=_("Until"),
        widget=TIME_WIDGET,
        error_messages={"required": _("Choose an end time."), "invalid": _("Write a time like 14:30.")},
    )
    place = forms.CharField(
        label=_("Where?"),
        required=False,
        max_length=200,
        help_text=_("An address or a room. Leave empty for a video call only."),
    )
    video_call = forms.BooleanField(
        label=_("Video call"),
        required=False,
        help_text=_("We make a private video room. Only the people who may see this appointment get the link."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )

    def initial_from(self, instance):
        start = timezone.localtime(instance.start)
        end = timezone.localtime(instance.end)
        return {
            "title": instance.title,
            "date": start.date(),
            "start": start.time().replace(second=0, microsecond=0),
            "end": end.time().replace(second=0, microsecond=0),
            "place": instance.place,
            "video_call": instance.video_call,
            "notes": instance.notes,
        }

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if cleaned["end"] <= cleaned["start"]:
            self.add_error("end", _("The appointment ends before it starts. Choose an end time after the start time."))
        if not cleaned.get("place") and not cleaned.get("video_call"):
            self.add_error("place", _("Write where the appointment is, or choose a video call."))
        return cleaned

    def item_fields(self):
        data = self.cleaned_data
        zone = timezone.get_current_timezone()
        return {
            "title": data["title"],
            "start": timezone.make_aware(datetime.combine(data["date"], data["start"]), zone),
            "end": timezone.make_aware(datetime.combine(data["date"], data["end"]), zone),
            "place": data["place"],
            "video_call": data["video_call"],
            "notes": data["notes"],
        }
