"""The publication rules of seed 002: what an activity must have before it may be published.

Each rule is switched on or off per organisation (Plugins tab); a broken rule is a *missing step* that names itself
and the field that fixes it ("Activiteit kan niet worden gepubliceerd wegens mogelijke onvolledigheid").
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import strip_tags

from werkgroepen_activities.settings import DEFAULT_MIN_DESCRIPTION, RULES


@dataclass(frozen=True)
class MissingStep:
    rule: str  # the rule's code (settings.RULES)
    label: str
    field: str  # the form field that fixes it (the step links to #id_<field>)


FIELDS = {
    "title": "title",
    "type": "types",
    "future_date": "date",
    "place": "street",
    "description": "description",
    "organiser": "organiser",
}


def missing_steps(activity, settings, *, dates=None, now=None):
    """The steps `activity` still misses under the organisation's `settings` (empty: it may be published).

    `dates` are the activity's dates when the caller already has them (a list of ActivityDate)."""
    now = now or timezone.now()
    active = settings.get("rules", list(RULES))
    missing = []

    def check(rule, ok):
        if rule in active and not ok:
            missing.append(MissingStep(rule=rule, label=str(RULES[rule]), field=FIELDS[rule]))

    dates = list(activity.dates.all()) if dates is None else dates
    offered = set(settings.get("types") or [])
    check("title", bool(activity.title.strip()))
    check("type", any(kind.code in offered for kind in activity.types.all()) if activity.pk else False)
    check("future_date", any(date.end > now for date in dates))
    check("place", activity.online or bool(activity.street and activity.postcode and activity.municipality))
    minimum = int(settings.get("min_description", DEFAULT_MIN_DESCRIPTION) or 0)
    text = strip_tags(activity.description_html).strip()
    check("description", bool(text) and len(text) >= minimum)
    check("organiser", bool(activity.organiser_id or activity.organiser_name.strip()))
    return missing
