"""Import of a UiTdatabank-shaped JSON-LD events feed into an organisation's activities (seed 002).

Idempotent by external id (the event's ``@id``): a second run updates what changed and never duplicates. Imported
activities stay drafts, marked as coming from the UiTinVlaanderen database. Events outside the organisation's territory
are skipped and counted; a bad record is refused with its reason, in a transaction of its own (a savepoint), so
nothing of it is half-written and the run goes on. One notification per run tells the moderators how many new
activities arrived.
"""

import hashlib
import json
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.content.services import sanitise_html
from core.notifications.services import Notice, tell
from werkgroepen_activities.activities.models import Activity, Source
from werkgroepen_activities.activities.selectors import moderators_of_organisations
from werkgroepen_activities.activities.services import UIT_NAME, Occurrence, activity_save
from werkgroepen_activities.feed.models import FeedImport
from werkgroepen_activities.territory.selectors import postcodes_of

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "uitdatabank_sample.json"
MAX_BYTES = 20 * 1024 * 1024  # a feed larger than this is refused as a whole, and the run says so
MAX_EVENTS = 10_000
TIMEOUT_SECONDS = 30

# UiT event types (the "eventtype" domain of ``terms``, by label) → our types; others are kept as keywords.
TYPE_MAP = {
    "cursus of workshop": "workshop",
    "workshop": "workshop",
    "cursus met open sessies": "cursus",
    "lessenreeks": "cursus",
    "begeleide uitstap of rondleiding": "uitstap",
    "uitstap": "uitstap",
    "vrijwilligerswerk": "vrijwilligerswerk",
    "ontmoeting": "ontmoeting",
    "kennismakingsactiviteit": "ontmoeting",
    "buddywerking": "buddywerking",
    "sportactiviteit": "sport",
    "sport en beweging": "sport",
    "concert": "cultuur",
    "theatervoorstelling": "cultuur",
    "tentoonstelling": "cultuur",
    "film": "cultuur",
}
LANGUAGE_HINTS = ("anderstalig", "weinig nederlands", "nt2", "ook voor nieuwkomers")


class FeedError(Exception):
    """The feed as a whole cannot be read (not JSON, too large, unreachable): the run fails with this message."""


class Refused(Exception):
    """One record cannot be imported; the message is its reason."""


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    refused: int = 0
    problems: list = field(default_factory=list)


# --- Reading ------------------------------------------------------------------------------------------------------


def read_source(source):
    """The bytes of `source`: ``"sample"`` (the shipped 50 events), a path of a file, or an http(s) address."""
    if source == "sample":
        return SAMPLE.read_bytes()
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/ld+json, application/json"})  # noqa: S310
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - http(s) only
                data = response.read(MAX_BYTES + 1)
        except OSError as error:
            raise FeedError(_("The feed could not be fetched: %(error)s") % {"error": error}) from error
    else:
        path = Path(source)
        if not path.is_file():
            raise FeedError(_("The feed file does not exist."))
        if path.stat().st_size > MAX_BYTES:
            raise FeedError(_("The feed is too large (more than %(mb)d MB).") % {"mb": MAX_BYTES // 2**20})
        data = path.read_bytes()
    if len(data) > MAX_BYTES:
        raise FeedError(_("The feed is too large (more than %(mb)d MB).") % {"mb": MAX_BYTES // 2**20})
    return data


def parse_feed(data):
    """The event records of a feed: a JSON list, or an object with ``member``, ``hydra:member`` or ``@graph``."""
    try:
        document = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise FeedError(_("The feed is not valid JSON.")) from error
    if isinstance(document, dict):
        for key in ("member", "hydra:member", "@graph", "events"):
            if isinstance(document.get(key), list):
                document = document[key]
                break
    if not isinstance(document, list):
        raise FeedError(_("The feed holds no list of events."))
    if len(document) > MAX_EVENTS:
        raise FeedError(_("The feed holds more than %(max)d events; split it.") % {"max": MAX_EVENTS})
    return document


def _text(value, *, dutch_only=False):
    """A JSON-LD language map (``{"nl": …}``) or plain text, as text; `dutch_only`: no other language will do."""
    if isinstance(value, dict):
        other = "" if dutch_only else next((v for v in value.values() if isinstance(v, str)), "")
        value = value.get("nl") or other
    return value.strip() if isinstance(value, str) else ""


def _moment(value):
    try:
        moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError as error:
        raise Refused(_("Unreadable date: %(value)s") % {"value": str(value)[:40]}) from error
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _occurrences(record):
    kind = record.get("calendarType", "single")
    if kind in ("single", "multiple"):
        sub = record.get("subEvent") or [{"startDate": record.get("startDate"), "endDate": record.get("endDate")}]
    elif kind == "periodic":
        sub = [{"startDate": record.get("startDate"), "endDate": record.get("endDate")}]
    else:
        raise Refused(_("Calendar type %(kind)s is not supported (no dates).") % {"kind": kind})
    found = []
    for item in sub:
        if not isinstance(item, dict) or not item.get("startDate"):
            raise Refused(_("A date without a start."))
        start = _moment(item["startDate"])
        end = _moment(item.get("endDate") or item["startDate"])
        if end < start:
            raise Refused(_("A date ends before it starts."))
        found.append(Occurrence(start, end))
    return found, kind == "periodic" or len(found) > 1


def _price(record):
    for info in record.get("priceInfo") or []:
        if isinstance(info, dict) and info.get("category") == "base":
            amount = info.get("price")
            if amount in (0, "0", 0.0):
                return "gratis"
            try:
                return f"€ {float(amount):.2f}".replace(".", ",")
            except (TypeError, ValueError):
                return ""
    return ""


def _contact(record):
    point = record.get("contactPoint") or {}
    parts = []
    for key in ("email", "phone", "url"):
        values = point.get(key) or []
        parts += [str(v) for v in (values if isinstance(values, list) else [values])][:1]
    return " · ".join(parts)[:200]


def record_values(record, *, territory, now=None):
    """``(values, occurrences, types, tags, notes)`` of one event record, or raises :class:`Refused` (its reason)
    or returns None when it lies outside `territory` (a list of postcodes; empty: everywhere)."""
    if not isinstance(record, dict):
        raise Refused(_("Not an event object."))
    external_id = str(record.get("@id") or "").strip()
    if not external_id:
        raise Refused(_("The event has no @id."))
    title = strip_tags(_text(record.get("name"), dutch_only=True))[:200]
    if not title:
        raise Refused(_("The event has no Dutch name."))
    location = record.get("location") or {}
    address = location.get("address") if isinstance(location, dict) else None
    if isinstance(address, dict) and isinstance(address.get("nl"), dict):
        address = address["nl"]
    if not isinstance(address, dict) or not address.get("postalCode") or not address.get("addressLocality"):
        raise Refused(_("The event has no address."))
    postcode = str(address.get("postalCode")).strip()[:10]
    if territory and postcode not in territory:
        return None
    occurrences, recurring = _occurrences(record)
    now = now or timezone.now()
    notes = []
    future = [item for item in occurrences if item.end > now]
    if not future:
        raise Refused(_("All its dates are in the past."))
    if len(future) < len(occurrences):
        notes.append(_("%(count)d past date(s) left out.") % {"count": len(occurrences) - len(future)})
    description = _text(record.get("description"))
    cleaned = sanitise_html(description)
    if cleaned != description.strip():
        notes.append(_("HTML in the description was cleaned."))
    types, tags = set(), []
    for term in record.get("terms") or []:
        if not isinstance(term, dict):
            continue
        label = str(term.get("label") or "").strip()
        if term.get("domain") == "eventtype":
            code = TYPE_MAP.get(label.lower())
            if code:
                types.add(code)
            else:
                notes.append(_("Unknown type %(type)s kept as a keyword.") % {"type": label[:60]})
                tags.append(label)
        elif label:
            tags.append(label)
    tags += [str(label) for label in (record.get("labels") or []) if str(label).strip()]
    tags = [strip_tags(tag)[:100] for tag in tags]
    hint = any(any(word in tag.lower() for word in LANGUAGE_HINTS) for tag in tags)
    organizer = record.get("organizer") or {}
    values = {
        "title": title,
        "street": strip_tags(str(address.get("streetAddress") or ""))[:200],
        "postcode": postcode,
        "municipality": strip_tags(str(address.get("addressLocality")))[:100],
        "online": False,
        "description_html": cleaned,
        "description_source": strip_tags(cleaned),
        "organiser_name": strip_tags(_text(organizer.get("name") if isinstance(organizer, dict) else ""))[:200],
        "price": _price(record),
        "contact": _contact(record),
        "language_hint": hint,
        "recurring": recurring,
        "source": Source.UIT,
        "external_id": external_id[:200],
    }
    return values, future, sorted(types), tags, notes


def record_hash(record):
    return hashlib.sha256(json.dumps(record, sort_keys=True, default=str).encode()).hexdigest()


# --- Importing ----------------------------------------------------------------------------------------------------


def feed_import(*, organisation, source, by=None, now=None):
    """Import the feed at `source` (see :func:`read_source`) into `organisation`'s activities, inside the caller's
    transaction (one savepoint per record). `now` decides which dates are past (tests). Returns the :class:`FeedImport` with its summary. Raises
    :class:`FeedError` when the feed as a whole is unreadable."""
    records = parse_feed(read_source(source))
    territory = set(postcodes_of(organisation))
    summary = Summary()
    existing = {
        activity.external_id: activity
        for activity in Activity.objects.filter(organisation=organisation, source=Source.UIT)
        .exclude(external_id="")
        .only("pk", "external_id", "source_hash", "organisation_id", "organiser_name", "organiser_id")
    }
    for position, record in enumerate(records, start=1):
        label = str(record.get("@id") or f"#{position}") if isinstance(record, dict) else f"#{position}"
        try:
            with transaction.atomic():
                _import_record(organisation, record, territory=territory, existing=existing, summary=summary, now=now)
        except (Refused, ValidationError, IntegrityError, ValueError, TypeError) as error:
            summary.refused += 1
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            summary.problems.append({"id": label[:200], "reason": reason[:300], "refused": True})
    run = FeedImport.objects.create(
        organisation=organisation,
        started_by=by,
        source="sample" if source == "sample" else source[:500],
        finished_at=timezone.now(),
        total=len(records),
        created=summary.created,
        updated=summary.updated,
        unchanged=summary.unchanged,
        skipped=summary.skipped,
        refused=summary.refused,
        problems=summary.problems[:500],
    )
    if summary.created:
        _tell_imported(organisation, run)
    return run


def _import_record(organisation, record, *, territory, existing, summary, now):
    parsed = record_values(record, territory=territory, now=now)
    if parsed is None:
        summary.skipped += 1
        return
    values, occurrences, types, tags, notes = parsed
    values["source_hash"] = record_hash(record)
    current = existing.get(values["external_id"])
    if current is not None and current.source_hash == values["source_hash"]:
        summary.unchanged += 1
        return
    activity = activity_save(
        organisation=organisation,
        by=None,
        by_name=UIT_NAME,
        activity=current,
        values=values,
        occurrences=occurrences,
        types=types,
        tags=tags,
    )
    existing[values["external_id"]] = activity
    if current is None:
        summary.created += 1
    else:
        summary.updated += 1
    for note in notes:
        summary.problems.append({"id": values["external_id"], "reason": str(note), "refused": False})


def _tell_imported(organisation, run):
    """One notification per run: "N nieuwe activiteiten zijn geïmporteerd uit UiT." (seed 002)."""
    people = moderators_of_organisations([organisation.pk])
    key = f"activities.imported:{run.pk}"
    title = ngettext(
        "%(count)d new activity was imported from UiT.", "%(count)d new activities were imported from UiT.", run.created
    ) % {"count": run.created}
    tell(code="activities.imported", people=people, key=key, notices=Notice(key=key, title=title))


@dataclass
class ScheduledResult:
    organisation: object
    run: FeedImport | None
    error: str = ""


def feeds_import_all(*, organisations):
    """The nightly run: import the feed of each of `organisations` that set a feed address, each in its own
    transaction; an unreadable feed is reported and the next one still runs."""
    results = []
    for organisation in organisations:
        url = organisation.plugin_settings("werkgroepen_activities").get("feed_url")
        if not url:
            continue
        try:
            with transaction.atomic():
                results.append(ScheduledResult(organisation, feed_import(organisation=organisation, source=url)))
        except FeedError as error:
            results.append(ScheduledResult(organisation, None, str(error)))
    return results
