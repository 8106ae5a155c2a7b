"""Reads of activities. Everything that crosses a permission boundary starts from ``Activity.objects.visible_to``."""

from dataclasses import dataclass
from datetime import datetime, time

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from core.accounts.models import User
from core.roles.models import Role
from themes.models import OrganisationPage
from werkgroepen_activities.activities.models import (
    Activity,
    ActivityDate,
    ActivityReport,
    ActivityType,
    Status,
    enabled_organisation_ids,
    organisation_paths_of,
)
from werkgroepen_activities.settings import settings_for
from werkgroepen_activities.territory.selectors import organisations_covering, postcodes_of, postcodes_of_paths

PAGE_SIZE = 20


def with_list_data(qs):
    """What a list row shows, in a fixed number of queries: organisation, organiser, types, next dates."""
    return qs.select_related("organisation", "organiser").prefetch_related(
        "types", Prefetch("dates", queryset=ActivityDate.objects.order_by("start", "id"))
    )


@dataclass
class Page:
    items: list
    next_cursor: str = ""


def _keyset(qs, cursor, *, field, descending):
    """Keyset pagination on ``(field, id)``: `cursor` is ``"<iso date or ''>_<id>"`` of the last row seen."""
    if cursor:
        value, _sep, pk = cursor.rpartition("_")
        try:
            pk = int(pk)
            moment = datetime.fromisoformat(value) if value else None
        except ValueError:
            moment, pk = None, None
        if pk is not None and moment is not None:
            if descending:
                qs = qs.filter(Q(**{f"{field}__lt": moment}) | Q(**{field: moment, "id__lt": pk}))
            else:
                qs = qs.filter(Q(**{f"{field}__gt": moment}) | Q(**{field: moment, "id__gt": pk}))
    order = [f"-{field}", "-id"] if descending else [field, "id"]
    return qs.order_by(*order)


def _page(qs, *, field, cursor, descending, size=PAGE_SIZE):
    rows = list(_keyset(qs, cursor, field=field, descending=descending)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    next_cursor = ""
    if more and rows:
        last = rows[-1]
        value = getattr(last, field)
        next_cursor = f"{value.isoformat() if value else ''}_{last.pk}"
    return Page(items=rows, next_cursor=next_cursor)


def public_list(organisation, *, user, filters, cursor=""):
    """The public list of `organisation` (/activiteiten/<organisatie>/): published, not yet over, upcoming first.

    `filters`: ``type`` (code), ``start``/``end`` (dates), ``postcode`` ("in de buurt": the same postcode first, then
    the same region of the first two digits), ``language_hint`` (bool), ``tag`` (a keyword), ``q`` (words)."""
    now = timezone.now()
    qs = Activity.objects.visible_to(user).filter(
        organisation=organisation, status=Status.PUBLISHED, ends_at__gte=now, starts_at__isnull=False
    )
    if filters.get("type"):
        qs = qs.filter(types__code=filters["type"])
    if filters.get("start"):
        qs = qs.filter(ends_at__gte=timezone.make_aware(datetime.combine(filters["start"], time.min)))
    if filters.get("end"):
        qs = qs.filter(starts_at__lte=timezone.make_aware(datetime.combine(filters["end"], time.max)))
    if filters.get("postcode"):
        qs = qs.filter(postcode__startswith=filters["postcode"][:2])
    if filters.get("language_hint"):
        qs = qs.filter(language_hint=True)
    if filters.get("tag"):
        qs = qs.filter(tags__name__iexact=filters["tag"])
    if filters.get("q"):
        qs = qs.filter(Q(title__icontains=filters["q"]) | Q(tags__name__iexact=filters["q"])).distinct()
    page = _page(with_list_data(qs), field="starts_at", cursor=cursor, descending=False)
    if filters.get("postcode"):
        # "In de buurt": the visitor's own postcode before the rest of the region, keeping the upcoming order.
        page.items.sort(key=lambda activity: activity.postcode != filters["postcode"])
    return page


def upcoming(organisation, *, user, limit=3):
    """The next `limit` published activities of `organisation` (its page's section and theme tab)."""
    qs = Activity.objects.visible_to(user).filter(
        organisation=organisation, status=Status.PUBLISHED, ends_at__gte=timezone.now()
    )
    return list(with_list_data(qs).order_by("starts_at", "id")[:limit])


def activity_for(organisation, pk, *, user):
    """One activity of `organisation` that `user` may see, or None (invisible and missing look the same)."""
    return (
        Activity.objects.visible_to(user)
        .filter(organisation=organisation, pk=pk)
        .select_related("organisation", "organiser", "image", "changed_by")
        .prefetch_related("types", "dates", "tags")
        .first()
    )


def mine(organisation, *, user, filters, cursor=""):
    """ "Mijn activiteiten": every activity of `organisation` (its managers), last edited first."""
    qs = Activity.objects.visible_to(user).filter(organisation=organisation)
    qs = _filtered(qs, filters)
    return _page(with_list_data(qs), field="changed_at", cursor=cursor, descending=True)


def _filtered(qs, filters):
    if filters.get("q"):
        qs = qs.filter(title__icontains=filters["q"])
    if filters.get("type"):
        qs = qs.filter(types__code=filters["type"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs


def territory_list(organisation, *, user, filters, cursor=""):
    """ "Activiteiten op mijn grondgebied": activities of any organisation located in `organisation`'s territory,
    newest publication first (drafts after, by last edit), for the territory's moderators."""
    codes = postcodes_of(organisation)
    if not codes:
        return Page(items=[])
    qs = _filtered(Activity.objects.visible_in_territory(user, codes), filters)
    return _page(with_list_data(qs), field="changed_at", cursor=cursor, descending=True)


def territory_organisations(organisation, *, user):
    """ "Organisaties op mijn grondgebied": the organisers with activities in the territory, with their counts."""
    codes = postcodes_of(organisation)
    if not codes:
        return []
    rows = {}
    qs = Activity.objects.visible_in_territory(user, codes).select_related("organiser", "organisation")
    for activity in qs.only(
        "organiser__name", "organiser_name", "organisation__title", "status", "organisation__slug"
    ).iterator():
        name = activity.organiser_label or str(activity.organisation.title)
        row = rows.setdefault(name, {"name": name, "organisation": activity.organisation, "total": 0, "published": 0})
        row["total"] += 1
        row["published"] += activity.status == Status.PUBLISHED
    return sorted(rows.values(), key=lambda row: row["name"].lower())


def offered_types(organisation):
    """The activity types `organisation` offers (its settings), in label order."""
    codes = settings_for(organisation).get("types") or []
    return list(ActivityType.objects.filter(code__in=codes))


def moderators_for(activity):
    """Who is told about an activity: admins and moderators of its organisation and of the territories it lies in
    (only organisations with the plugin switched on)."""
    organisation_ids = {activity.organisation_id}
    if activity.postcode:
        organisation_ids |= set(organisations_covering(activity.postcode))
    return moderators_of_organisations(organisation_ids)


def moderators_of_organisations(organisation_ids):
    """Active admins and moderators on the given organisation pages that switched the plugin on."""
    enabled = _enabled_ids()
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=[Role.ORGANISATION_ADMIN, Role.MODERATOR],
            role_assignments__page_id__in=[pk for pk in organisation_ids if pk in enabled],
        ).distinct()
    )


def _enabled_ids():
    return set(enabled_organisation_ids().values_list("organisation_id", flat=True))


def managers_of(organisation):
    """Active admins and editors of `organisation`: who receives a depublication's reason."""
    return list(
        User.objects.filter(
            is_active=True,
            role_assignments__role__in=[Role.ORGANISATION_ADMIN, Role.EDITOR],
            role_assignments__page_id=organisation.pk,
        ).distinct()
    )


def open_reports_count(user):
    """Open reports of activities `user` may moderate (their organisations and territories)."""
    if not user.is_authenticated:
        return 0
    qs = ActivityReport.objects.filter(resolved_at__isnull=True, activity__in=Activity.objects.visible_to(user))
    if not user.is_superuser:
        managed, moderated = organisation_paths_of(user)
        codes = postcodes_of_paths(moderated)
        condition = Q(activity__organisation__path__in=managed + moderated)
        if codes:
            condition |= Q(activity__postcode__in=codes)
        if not managed and not moderated:
            return 0
        qs = qs.filter(condition)
    return qs.count()


def my_organisations(user):
    """The organisations with the plugin on where `user` manages or moderates activities, as
    ``[{"organisation", "manages", "moderates_territory"}]`` (the overview at /activiteiten/)."""
    if not user.is_authenticated:
        return []
    managed, moderated = organisation_paths_of(user)
    paths = set(managed) | set(moderated)
    qs = OrganisationPage.objects.live().filter(pk__in=enabled_organisation_ids())
    if not user.is_superuser:
        qs = qs.filter(path__in=paths)
    rows = []
    for organisation in qs.order_by("title"):
        rows.append(
            {
                "organisation": organisation,
                "manages": user.is_superuser or organisation.path in managed,
                "moderates_territory": (user.is_superuser or organisation.path in moderated)
                and bool(postcodes_of(organisation)),
            }
        )
    return rows


def reported(user, *, limit=50):
    """Activities with open reports that `user` may moderate, most reported first."""
    if not user.is_authenticated:
        return []
    qs = Activity.objects.visible_to(user).filter(reports__resolved_at__isnull=True)
    if not user.is_superuser:
        managed, moderated = organisation_paths_of(user)
        condition = Q(organisation__path__in=sorted(set(managed) | set(moderated)))
        codes = postcodes_of_paths(moderated)
        if codes:
            condition |= Q(postcode__in=codes)
        qs = qs.filter(condition)
    return list(
        qs.annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .select_related("organisation")
        .order_by("-open_reports", "-id")[:limit]
    )


def open_reports_of(activity):
    """The open reports of `activity` (its moderators' status box)."""
    return list(activity.reports.filter(resolved_at__isnull=True).order_by("created_at"))
