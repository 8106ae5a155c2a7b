"""Every write of activities: save, publish, depublish, expire, count a view, report (seed 002).

Keyword-only, one transaction each; notifications go through the core's one fan-out
(:func:`core.notifications.services.tell`) inside the same transaction, which delivers after commit, and only for
organisations that switched the plugin on.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag, TaggedItem
from wagtail.images import get_image_model

from core.content.services import render_member_text, sanitise_html
from core.notifications.services import Notice, tell
from core.roles.services import organisation_collection_ensure
from werkgroepen_activities.activities.models import (
    Activity,
    ActivityDate,
    ActivityReport,
    ActivityType,
    Source,
    Status,
    StatusChange,
    enabled_organisation_ids,
)
from werkgroepen_activities.activities.policies import may_manage, may_moderate, may_report
from werkgroepen_activities.activities.rules import missing_steps
from werkgroepen_activities.activities.selectors import managers_of, moderators_for, moderators_of_organisations
from werkgroepen_activities.settings import PLUGIN, settings_for
from werkgroepen_activities.territory.selectors import organisations_covering

UIT_NAME = "UiTinVlaanderen"
SYSTEM_NAME = "Werkgroepen"
MAX_OCCURRENCES = 104  # a weekly activity for two years


class NotPublishable(ValidationError):
    """The activity breaks publication rules; ``steps`` lists the missing steps."""

    def __init__(self, steps):
        super().__init__(_("The activity cannot be published because it may be incomplete."))
        self.steps = steps


@dataclass(frozen=True)
class Occurrence:
    start: object
    end: object


def weekly(start, end, until):
    """The occurrences of an activity repeated every week from (`start`, `end`) up to the date `until`."""
    found, step = [], timedelta(days=7)
    while start.date() <= until and len(found) < MAX_OCCURRENCES:
        found.append(Occurrence(start, end))
        start, end = start + step, end + step
    return found


def _is_on(organisation):
    return PLUGIN in organisation.enabled_plugin_labels()


def _set_dates(activity, occurrences, *, created):
    if not created:
        ActivityDate.objects.filter(activity=activity).delete()
    ActivityDate.objects.bulk_create(
        [ActivityDate(activity=activity, start=item.start, end=item.end) for item in occurrences]
    )


def _set_types(activity, codes, *, created):
    kinds = ActivityType.objects.filter(code__in=codes)
    if not created:
        activity.types.set(kinds)
        return
    # A new activity has no types yet: one insert instead of the related manager's read-compare-write.
    Through = Activity.types.through
    Through.objects.bulk_create([Through(activity_id=activity.pk, activitytype_id=kind.pk) for kind in kinds])


def _set_tags(activity, names, *, created):
    names = list(dict.fromkeys(name.strip()[:100] for name in names if name.strip()))
    if not created:
        activity.tags.set(names, clear=True)
        return
    # The import writes thousands of new activities: look the keywords up and link them in bulk (taggit's add()
    # does a get_or_create per keyword).
    found = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    missing = [name for name in names if name not in found]
    for name in missing:
        found[name] = Tag.objects.get_or_create(name=name)[0]
    content_type = ContentType.objects.get_for_model(Activity)
    TaggedItem.objects.bulk_create(
        [TaggedItem(tag=found[name], content_type=content_type, object_id=activity.pk) for name in names],
        ignore_conflicts=True,
    )


FIELDS = (
    "title",
    "organiser",
    "organiser_name",
    "online",
    "online_url",
    "street",
    "postcode",
    "municipality",
    "language_hint",
    "image",
    "image_description",
    "price",
    "contact",
    "accessibility",
    "recurring",
)


@transaction.atomic
def activity_save(
    *,
    organisation,
    by,
    values,
    occurrences,
    types,
    tags=None,
    activity=None,
    by_name="",
    description=None,
    image_upload=None,
):
    """Create (``activity`` None) or change an activity of `organisation` from `values` (model field → value),
    its `occurrences` (start/end pairs), `types` (codes) and `tags` (keywords). `description` is what a person typed
    (light Markdown, sanitised with nh3); importers pass HTML through ``values["description_html"]`` instead.
    `image_upload` is a photo the form already checked by content and size; it becomes a Wagtail image in the
    organisation's collection.

    Records who changed it (``by``, or ``by_name`` for the import). A new activity located in a territory tells the
    territory's moderators (and, for an organiser new there, that a new organisation appeared). Raises
    ``PermissionDenied`` unless `by` manages the organisation (``by`` None: an import or a system job)."""
    if by is not None and not may_manage(by, organisation):
        raise PermissionDenied
    created = activity is None
    if created:
        activity = Activity(organisation=organisation)
    elif activity.organisation_id != organisation.pk:
        raise PermissionDenied
    previous_organiser = None if created else activity.organiser_label
    for name in FIELDS:
        if name in values:
            setattr(activity, name, values[name])
    if description is not None:
        activity.description_source = description
        activity.description_html = render_member_text(description)
    elif "description_html" in values:
        activity.description_html = sanitise_html(values["description_html"])
        activity.description_source = values.get("description_source", activity.description_source)
    if image_upload is not None:
        # In the organisation's own collection (issue 14 §12): its admins and editors find it, no other does.
        activity.image = get_image_model().objects.create(
            title=(values.get("image_description") or activity.title or "activity")[:255],
            file=image_upload,
            collection=organisation_collection_ensure(organisation=organisation),
        )
    for name in ("source", "external_id", "source_hash"):
        if name in values:
            setattr(activity, name, values[name])
    activity.changed_at = timezone.now()
    activity.changed_by = by
    activity.changed_by_name = by_name or (by.display_name if by is not None else SYSTEM_NAME)
    if occurrences is not None:
        activity.starts_at = min((item.start for item in occurrences), default=None)
        activity.ends_at = max((item.end for item in occurrences), default=None)
    activity.save()
    if occurrences is not None:
        _set_dates(activity, occurrences, created=created)
    if types is not None:
        _set_types(activity, types, created=created)
    if tags is not None:
        _set_tags(activity, tags, created=created)
    if created:
        StatusChange.objects.create(activity=activity, status=Status.DRAFT, by=by, by_name=activity.changed_by_name)
    if created or previous_organiser != activity.organiser_label:
        _tell_territory(activity, created=created)
    return activity


def _tell_territory(activity, *, created):
    """Tell the territories' moderators about a new activity, and about an organiser that is new there."""
    if not activity.postcode:
        return
    covering = [pk for pk in organisations_covering(activity.postcode) if pk != activity.organisation_id]
    if not covering:
        return
    people = moderators_of_organisations(covering)
    url = activity.get_absolute_url()
    if created:
        title = _("A new activity was registered on your territory: %(title)s") % {"title": str(activity)}
        key = f"activities.new_activity:{activity.pk}"
        tell(
            code="activities.new_activity",
            people=people,
            key=key,
            about=activity,
            notices=Notice(key=key, title=title, url=url),
        )
    label = activity.organiser_label
    if label:
        earlier = (
            Activity.objects.filter(postcode=activity.postcode)
            .exclude(pk=activity.pk)
            .filter(Q(organiser_name=label) | Q(organiser__name=label))
            .exists()
        )
        if not earlier:
            title = _("A new organisation was registered on your territory: %(name)s") % {"name": label}
            key = f"activities.new_organisation:{activity.postcode}:{label}"[:200]
            tell(
                code="activities.new_organisation",
                people=people,
                key=key,
                about=activity,
                notices=Notice(key=key, title=title, url=url),
            )


def _change_status(activity, status, *, by, by_name="", reason=""):
    activity.status = status
    activity.changed_at = timezone.now()
    activity.changed_by = by
    activity.changed_by_name = by_name or (by.display_name if by is not None else SYSTEM_NAME)
    fields = ["status", "changed_at", "changed_by", "changed_by_name"]
    if status == Status.PUBLISHED:
        activity.published_at = activity.changed_at
        activity.depublish_reason = ""
        fields += ["published_at", "depublish_reason"]
    if status == Status.DEPUBLISHED:
        activity.depublish_reason = reason
        fields.append("depublish_reason")
    activity.save(update_fields=fields)
    StatusChange.objects.create(
        activity=activity, status=status, by=by, by_name=activity.changed_by_name, reason=reason
    )


@transaction.atomic
def activity_publish(*, activity, by, now=None):
    """Publish `activity`. Raises ``PermissionDenied`` unless `by` may moderate it, and :class:`NotPublishable` with
    the missing steps when it breaks one of its organisation's publication rules. Publishing a published activity
    changes nothing. Tells the organisation's and territory's moderators."""
    activity = Activity.objects.select_for_update().select_related("organisation").get(pk=activity.pk)
    if not may_moderate(by, activity) or not _is_on(activity.organisation):
        raise PermissionDenied
    if activity.status == Status.PUBLISHED:
        return activity
    steps = missing_steps(activity, settings_for(activity.organisation), now=now)
    if steps:
        raise NotPublishable(steps)
    _change_status(activity, Status.PUBLISHED, by=by)
    key = f"activities.published:{activity.pk}:{activity.published_at:%Y%m%d%H%M%S}"
    title = _("An activity was published: %(title)s") % {"title": activity.title}
    tell(
        code="activities.published",
        people=moderators_for(activity),
        key=key,
        about=activity,
        actor=by,
        notices=Notice(key=key, title=title, url=activity.get_absolute_url()),
    )
    return activity


@transaction.atomic
def activity_depublish(*, activity, by, reason):
    """Depublish `activity` with a `reason` that the organisation's managers receive (required). Raises
    ``PermissionDenied`` unless `by` may moderate it, ``ValidationError`` without a reason or when it is not
    published."""
    activity = Activity.objects.select_for_update().select_related("organisation").get(pk=activity.pk)
    if not may_moderate(by, activity) or not _is_on(activity.organisation):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why the activity is depublished: the organiser receives it."))
    if activity.status != Status.PUBLISHED:
        raise ValidationError(_("Only a published activity can be depublished."))
    _change_status(activity, Status.DEPUBLISHED, by=by, reason=reason[:2000])
    key = f"activities.depublished:{activity.pk}:{activity.changed_at:%Y%m%d%H%M%S}"
    title = _("Your activity was depublished: %(title)s") % {"title": activity.title}
    tell(
        code="activities.depublished",
        people=managers_of(activity.organisation),
        key=key,
        about=activity,
        actor=by,
        notices=Notice(key=key, title=title, text=reason, url=activity.get_absolute_url()),
    )
    return activity


@dataclass
class BulkResult:
    done: list
    refused: list  # (activity, reason)


def activities_bulk(*, activities, action, by, reason=""):
    """Publish or depublish several activities through the same services, each in its own transaction: one that
    is refused (rules, rights) is reported and the others still go through."""
    result = BulkResult(done=[], refused=[])
    for activity in activities:
        try:
            if action == "publish":
                activity_publish(activity=activity, by=by)
            elif action == "depublish":
                activity_depublish(activity=activity, by=by, reason=reason)
            else:
                raise ValueError(action)
            result.done.append(activity)
        except NotPublishable as error:
            result.refused.append((activity, ", ".join(step.label for step in error.steps)))
        except ValidationError as error:
            result.refused.append((activity, " ".join(error.messages)))
        except PermissionDenied:
            result.refused.append((activity, _("You may not change this activity.")))
    return result


def activity_viewed(*, activity):
    """Count one view of `activity` (one UPDATE, no race: the counter is kept in the database)."""
    Activity.objects.filter(pk=activity.pk).update(view_count=F("view_count") + 1)


@transaction.atomic
def activity_report(*, activity, reporter, reason):
    """`reporter` reports `activity` with a `reason`; the moderators are told. One open report per person and
    activity: reporting again (or twice at once) changes nothing and returns the open report."""
    if not may_report(reporter, activity):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say what is wrong with this activity."))
    try:
        with transaction.atomic():
            report = ActivityReport.objects.create(activity=activity, reporter=reporter, reason=reason[:2000])
    except IntegrityError:
        return ActivityReport.objects.get(activity=activity, reporter=reporter, resolved_at__isnull=True)
    key = f"activities.reported:{report.pk}"
    title = _("An activity was reported: %(title)s") % {"title": activity.title}
    tell(
        code="activities.reported",
        people=moderators_for(activity),
        key=key,
        about=activity,
        actor=reporter,
        notices=Notice(key=key, title=title, text=reason, url=activity.get_absolute_url()),
    )
    return report


@transaction.atomic
def reports_resolve(*, activity, by):
    """Close the open reports of `activity` (a moderator handled them)."""
    if not may_moderate(by, activity):
        raise PermissionDenied
    return ActivityReport.objects.filter(activity=activity, resolved_at__isnull=True).update(resolved_at=timezone.now())


def activities_expire(*, now=None):
    """Mark published activities whose last date has passed as expired, each in its own transaction, and tell the
    moderators. Returns how many expired."""
    now = now or timezone.now()
    count = 0
    due = Activity.objects.filter(
        status=Status.PUBLISHED, ends_at__lt=now, organisation_id__in=enabled_organisation_ids()
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            activity = Activity.objects.select_for_update().select_related("organisation").get(pk=pk)
            if activity.status != Status.PUBLISHED:
                continue
            _change_status(activity, Status.EXPIRED, by=None, by_name=SYSTEM_NAME)
            key = f"activities.expired:{activity.pk}:{activity.ends_at:%Y%m%d}"
            title = _("An activity expired: %(title)s") % {"title": activity.title}
            tell(
                code="activities.expired",
                people=moderators_for(activity),
                key=key,
                about=activity,
                notices=Notice(key=key, title=title, url=activity.get_absolute_url()),
            )
            count += 1
    return count


def recurring_inactive_tell(*, now=None):
    """Tell moderators about published recurring activities not edited for their organisation's inactivity period
    (once per period: the key holds the last edit). Returns how many activities were reported."""
    now = now or timezone.now()
    count = 0
    qs = Activity.objects.filter(
        recurring=True, status=Status.PUBLISHED, organisation_id__in=enabled_organisation_ids()
    ).select_related("organisation")
    for activity in qs.iterator():
        days = int(settings_for(activity.organisation).get("inactive_days") or 60)
        if activity.changed_at > now - timedelta(days=days):
            continue
        key = f"activities.inactive:{activity.pk}:{activity.changed_at:%Y%m%d}"
        title = _("A recurring activity has been inactive for a while: %(title)s") % {"title": activity.title}
        with transaction.atomic():
            tell(
                code="activities.inactive",
                people=moderators_for(activity),
                key=key,
                about=activity,
                skip_told=True,
                notices=Notice(key=key, title=title, url=activity.get_absolute_url()),
            )
        count += 1
    return count


def user_data_erase(*, user):
    """Erase what the plugin holds of `user`: their reports go, their name on changes is forgotten."""
    ActivityReport.objects.filter(reporter=user).delete()
    StatusChange.objects.filter(by=user).update(by=None, by_name="")
    Activity.objects.filter(changed_by=user).update(changed_by=None, changed_by_name="")


__all__ = [
    "NotPublishable",
    "Occurrence",
    "Source",
    "UIT_NAME",
    "activities_bulk",
    "activities_expire",
    "activity_depublish",
    "activity_publish",
    "activity_report",
    "activity_save",
    "activity_viewed",
    "recurring_inactive_tell",
    "reports_resolve",
    "user_data_erase",
    "weekly",
]
