"""The form of an appointment (a generic item form). It parses and keeps what was typed; the rules live in the
item services and ``Appointment.validate_in_space``."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.agenda.models import MAX_OPTIONS
from trajectories.forms import DATE_WIDGET, TEXT_LIMIT, DayField, ItemForm, ParticipantMultipleChoiceField

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


# --- Planning together (issue 13 §3) ----------------------------------------------------------------------------

OPTION_ROWS = MAX_OPTIONS  # rows the form shows: one to five times
OPTION_ROWS_READ = 10  # rows read from a request, so a forged sixth time meets the "at most five" message


def _row_numbers(data):
    """The option rows to build: the five the page shows, plus any further ones a request carries (up to ten)."""
    highest = OPTION_ROWS
    for key in data or {}:
        prefix, _sep, number = key.partition("_")
        if prefix in ("date", "start", "end") and number.isdigit():
            highest = max(highest, min(int(number), OPTION_ROWS_READ))
    return range(1, highest + 1)


class ProposalForm(forms.Form):
    """Propose an appointment: what, where, whom to invite and one to five times (day, from, until). Empty rows are
    left out; a half-filled row, a time that ends before it starts, one in the past or the same time twice get a
    message next to that row, and everything typed stays in the form."""

    title = AppointmentForm.base_fields["title"]
    place = AppointmentForm.base_fields["place"]
    video_call = AppointmentForm.base_fields["video_call"]
    notes = AppointmentForm.base_fields["notes"]

    def __init__(self, *args, space, **kwargs):
        super().__init__(*args, **kwargs)
        self.space = space
        others = [p for p in space.active_participants if p.pk != space.me.pk and p.user_id is not None]
        self.fields["invited"] = ParticipantMultipleChoiceField(
            participants=others,
            label=_("Whom do you invite?"),
            error_messages={"required": _("Choose at least one person to invite.")},
            help_text=_("They see this proposal and answer per time. Nobody else in the space sees it."),
        )
        self.rows = []
        for number in _row_numbers(self.data):
            names = (f"date_{number}", f"start_{number}", f"end_{number}")
            self.fields[names[0]] = DayField(label=_("Day"), required=False)
            self.fields[names[1]] = forms.TimeField(
                label=_("From"),
                required=False,
                widget=TIME_WIDGET,
                error_messages={"invalid": _("Write a time like 14:30.")},
            )
            self.fields[names[2]] = forms.TimeField(
                label=_("Until"),
                required=False,
                widget=TIME_WIDGET,
                error_messages={"invalid": _("Write a time like 14:30.")},
            )
            self.rows.append((number, names))

    def option_rows(self):
        """The rows as bound fields, for the template: (number, day, from, until)."""
        return [(number, *(self[name] for name in names)) for number, names in self.rows]

    def clean(self):
        cleaned = super().clean()
        zone = timezone.get_current_timezone()
        now = timezone.now()
        options, seen = [], set()
        for _number, (day_name, start_name, end_name) in self.rows:
            if any(name in self.errors for name in (day_name, start_name, end_name)):
                continue
            day, start, end = cleaned.get(day_name), cleaned.get(start_name), cleaned.get(end_name)
            if day is None and start is None and end is None:
                continue
            missing = False
            for name, value, message in (
                (day_name, day, _("Choose a day.")),
                (start_name, start, _("Choose a start time.")),
                (end_name, end, _("Choose an end time.")),
            ):
                if value is None:
                    self.add_error(name, message)
                    missing = True
            if missing:
                continue
            begins = timezone.make_aware(datetime.combine(day, start), zone)
            ends = timezone.make_aware(datetime.combine(day, end), zone)
            if ends <= begins:
                self.add_error(end_name, _("A time ends before it starts. Choose an end time after the start time."))
            elif begins < now:
                self.add_error(day_name, _("A time is in the past. Choose times that are still to come."))
            elif (begins, ends) in seen:
                self.add_error(day_name, _("The same time is proposed twice. Propose each time once."))
            else:
                seen.add((begins, ends))
                options.append((begins, ends))
        if not self.errors:
            if not options:
                self.add_error(self.rows[0][1][0], _("Propose at least one time."))
            elif len(options) > MAX_OPTIONS:
                self.add_error(None, _("Propose at most five times."))
        if not cleaned.get("place") and not cleaned.get("video_call") and "place" not in self.errors:
            self.add_error("place", _("Write where the appointment is, or choose a video call."))
        cleaned["options"] = options
        return cleaned

    def proposal_fields(self):
        data = self.cleaned_data
        return {
            "title": data["title"],
            "place": data["place"],
            "video_call": data["video_call"],
            "notes": data["notes"],
            "options": data["options"],
            "invited": data["invited"],
        }


def answers_from(data, options):
    """The answers an answer form posted: option id → yes/maybe/no (``answer_<option id>``; empty ones left out)."""
    found = {}
    for option in options:
        value = data.get(f"answer_{option.pk}", "")
        if value:
            found[option.pk] = value
    return found
