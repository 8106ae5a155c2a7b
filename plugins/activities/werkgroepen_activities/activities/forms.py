"""Forms of the activities pages: the activity form of "Mijn activiteiten", filters, depublication and reports."""

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.content.services import PHOTO, check_upload
from werkgroepen_activities.activities.models import Status
from werkgroepen_activities.activities.services import Occurrence, weekly
from werkgroepen_activities.settings import TYPES


class ActivityForm(forms.Form):
    """The activity's fields in the order of the seed's page: what, when and where, description, practical."""

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    types = forms.MultipleChoiceField(label=_("Type of activity"), required=False, widget=forms.CheckboxSelectMultiple)
    date = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=_("Start time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=_("End time"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    repeat_until = forms.DateField(
        label=_("Repeat every week until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a one-off activity."),
    )
    online = forms.BooleanField(label=_("This activity takes place online"), required=False)
    online_url = forms.URLField(label=_("Online address"), required=False, assume_scheme="https")
    street = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postcode = forms.RegexField(
        label=_("Postcode"),
        regex=r"^[1-9][0-9]{3}$",
        required=False,
        max_length=4,
        error_messages={"invalid": _("Enter a Belgian postcode of four digits.")},
    )
    municipality = forms.CharField(label=_("Municipality"), max_length=100, required=False)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain text; **bold**, *italic*, lists and links are allowed."),
    )
    organiser = forms.ChoiceField(label=_("Organiser"), required=False)
    language_hint = forms.BooleanField(label=_("Also for people who speak little Dutch"), required=False)
    tags = forms.CharField(
        label=_("Keywords"), max_length=500, required=False, help_text=_("Separated by commas, e.g. koken, gratis.")
    )
    image = forms.ImageField(label=_("Image"), required=False)
    image_description = forms.CharField(label=_("Image description"), max_length=250, required=False)
    price = forms.CharField(label=_("Price"), max_length=100, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)
    accessibility = forms.CharField(label=_("Accessibility"), max_length=300, required=False)

    def __init__(self, *args, types=(), organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["types"].choices = [(kind.code, str(TYPES.get(kind.code, kind.label))) for kind in types]
        self.fields["organiser"].choices = [("", "—")] + [(str(item.pk), item.name) for item in organisers]

    def clean(self):
        data = super().clean()
        image = data.get("image")
        if image:
            if not (data.get("image_description") or "").strip():
                self.add_error("image_description", _("Describe the image for people who cannot see it."))
            else:
                try:
                    checked = check_upload(image, alt_text=data["image_description"])
                except ValidationError as error:
                    self.add_error("image", error)
                else:
                    if checked.kind != PHOTO:
                        self.add_error("image", _("Choose a photo (jpg, png or webp)."))
        day, start, end = data.get("date"), data.get("start"), data.get("end")
        if day and start and end and end <= start:
            self.add_error("end", _("The end comes after the start."))
        if data.get("repeat_until") and day and data["repeat_until"] < day:
            self.add_error("repeat_until", _("Repeat until a date after the first one."))
        return data

    def occurrences(self):
        """The dates the form describes (empty when no date was given)."""
        data = self.cleaned_data
        day = data.get("date")
        if not day:
            return []
        tz = timezone.get_current_timezone()
        start = timezone.make_aware(datetime.combine(day, data.get("start") or datetime.min.time()), tz)
        end = (
            timezone.make_aware(datetime.combine(day, data["end"]), tz)
            if data.get("end")
            else start + timedelta(hours=2)
        )
        if data.get("repeat_until"):
            return weekly(start, end, data["repeat_until"])
        return [Occurrence(start, end)]

    @staticmethod
    def initial_for(activity):
        first = activity.dates.first() if activity.pk else None
        last = activity.dates.last() if activity.pk else None
        local = timezone.localtime
        return {
            "title": activity.title,
            "types": [kind.code for kind in activity.types.all()],
            "date": local(first.start).date() if first else None,
            "start": local(first.start).time() if first else None,
            "end": local(first.end).time() if first else None,
            "repeat_until": local(last.start).date() if last and last.pk != first.pk else None,
            "online": activity.online,
            "online_url": activity.online_url,
            "street": activity.street,
            "postcode": activity.postcode,
            "municipality": activity.municipality,
            "description": activity.description_source,
            "organiser": str(activity.organiser_id or ""),
            "language_hint": activity.language_hint,
            "tags": ", ".join(sorted(tag.name for tag in activity.tags.all())),
            "image_description": activity.image_description,
            "price": activity.price,
            "contact": activity.contact,
            "accessibility": activity.accessibility,
        }


class PublicFilterForm(forms.Form):
    """Filters of the public list: type, dates, "in de buurt" (postcode), language hint, keyword."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    type = forms.ChoiceField(label=_("Type of activity"), required=False)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    postcode = forms.RegexField(
        label=_("Near (postcode)"),
        regex=r"^[1-9][0-9]{3}$",
        required=False,
        max_length=4,
        error_messages={"invalid": _("Enter a Belgian postcode of four digits.")},
    )
    language_hint = forms.BooleanField(label=_("Also for people who speak little Dutch"), required=False)
    tag = forms.CharField(label=_("Keyword"), max_length=100, required=False)

    def __init__(self, *args, types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + [
            (kind.code, str(TYPES.get(kind.code, kind.label))) for kind in types
        ]


class ManageFilterForm(forms.Form):
    """Search and filters of "Mijn activiteiten" and "Activiteiten op mijn grondgebied"."""

    q = forms.CharField(label=_("Search for an activity"), max_length=100, required=False)
    type = forms.ChoiceField(label=_("Type of activity"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("All statuses"))] + Status.choices)

    def __init__(self, *args, types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("All types"))] + [
            (kind.code, str(TYPES.get(kind.code, kind.label))) for kind in types
        ]


class DepublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the organiser receives it)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class BulkForm(forms.Form):
    action = forms.ChoiceField(
        label=_("With the selected activities"), choices=[("publish", _("Publish")), ("depublish", _("Depublish"))]
    )
    reason = forms.CharField(label=_("Reason for depublishing"), max_length=2000, required=False)
    selected = forms.TypedMultipleChoiceField(coerce=int, required=True)

    def __init__(self, *args, ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(pk, pk) for pk in ids]

    def clean(self):
        data = super().clean()
        if data.get("action") == "depublish" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the activities are depublished: the organisers receive it."))
        return data


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What is wrong with this activity?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
