"""Reads of item versions (issue 13 §2), always from ``ItemVersion.objects.visible_to``: the history of an item is
read exactly by those who read the item now, and each version only by those in the audience it was written for
(:func:`trajectories.access.version_condition`).

The history page reads one page of versions newest first (keyset on the version number: ``?voor=<number>``), in
a fixed number of queries whatever the number of versions; values that point at other rows (a goal, a person) are
resolved for a whole page at once, and an item the viewer may not read is named only by its kind.
"""

from django.core.exceptions import ValidationError
from django.db.models import DateField, DateTimeField, ForeignKey
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trajectories.history.models import ItemVersion
from trajectories.spaces.models import Participant

PAGE_SIZE = 50


class VersionNotFound(Http404):
    """The version is missing, or not for the viewer: the same answer."""


def versions(space, user, item):
    """The versions of `item` `user` may read in `space`, newest first (a queryset)."""
    return ItemVersion.objects.visible_to(user, space=space).of_item(item).order_by("-number")


def version_of(space, user, item, number):
    """Version `number` of `item` when `user` may read it, else None."""
    if number is None:
        return None
    return versions(space, user, item).filter(number=number).first()


def versions_page(space, user, item, *, before=None, size=PAGE_SIZE):
    """One page of `item`'s versions for `user`, newest first, before version `before` (keyset), and whether older
    ones follow. Each version gets ``previous_number``: the number of the older version `user` may read just before
    it (None for the oldest), for "compare with the previous version"."""
    qs = versions(space, user, item)
    if before is not None:
        qs = qs.filter(number__lt=before)
    rows = list(qs[: size + 1])
    for newer, older in zip(rows, rows[1:], strict=False):
        newer.previous_number = older.number
    if rows:
        rows[-1].previous_number = None
    more = len(rows) > size
    return rows[:size], more


def newest_pair(space, user, item):
    """The two newest versions `user` may read (newer, older), either None when there are not so many."""
    rows = list(versions(space, user, item)[:2])
    return (rows[0] if rows else None), (rows[1] if len(rows) > 1 else None)


def restored_values(model, values):
    """What a version's JSON snapshot sets on an item of `model`: each versioned field back as Python (a related row
    by its id). A related row that no longer exists becomes empty where the field allows it; otherwise a
    ``ValidationError`` keyed by the field comes from the kind's rules when it is saved."""
    fields = {}
    for name in model.VERSIONED_FIELDS:
        field = model._meta.get_field(name)
        value = values.get(name)
        if isinstance(field, ForeignKey):
            related = field.related_model._base_manager.filter(pk=value).first() if value is not None else None
            if related is None and not field.null:
                raise ValidationError({name: _("What this version pointed at no longer exists.")})
            fields[name] = related
        else:
            fields[name] = field.to_python(value) if value is not None else None
    return fields


# --- Showing versions ----------------------------------------------------------------------------------------


def _related_titles(space, user, model, versions_):
    """Per foreign key of `model` to another item: the titles of the rows the versions name that `user` may read
    now (one query per such field, whatever the number of versions)."""
    titles = {}
    for name in model.VERSIONED_FIELDS:
        field = model._meta.get_field(name)
        if not isinstance(field, ForeignKey) or field.related_model is Participant:
            continue
        ids = {v.fields.get(name) for v in versions_} - {None}
        related = field.related_model
        readable = related.objects.visible_to(user, space=space).filter(pk__in=ids) if ids else []
        titles[name] = {row.pk: row.item_title() for row in readable}
    return titles


def _shown_value(space, field, value, titles):
    if value is None or value == "":
        return ""
    if isinstance(field, ForeignKey):
        if field.related_model is Participant:
            person = space.participant(value)
            return person.label if person is not None else _("someone who left")
        title = titles.get(field.name, {}).get(value)
        if title is None:
            return _("%(kind)s that you may not read") % {"kind": str(field.related_model._meta.verbose_name)}
        return title
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.get_internal_type() == "BooleanField":
        return _("yes") if value else _("no")
    if isinstance(field, DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        return date_format(timezone.localtime(moment), "j F Y H:i") if moment else str(value)
    if isinstance(field, DateField):
        day = parse_date(value) if isinstance(value, str) else value
        return date_format(day, "j F Y") if day else str(value)
    return str(value)


def shown_values(space, user, model, versions_):
    """For each version of `versions_` (of items of `model`), its fields as text to show `user`, in the order of
    ``VERSIONED_FIELDS``: ``{version.pk: [(field, text), …]}``. Related items `user` may not read are named only
    by their kind."""
    titles = _related_titles(space, user, model, versions_)
    fields = [model._meta.get_field(name) for name in model.VERSIONED_FIELDS]
    return {
        version.pk: [(field, _shown_value(space, field, version.fields.get(field.name), titles)) for field in fields]
        for version in versions_
    }


def versions_of_items(space, user, model, item_ids):
    """Every version `user` may read of the items `item_ids` of `model`, grouped by item id, oldest first (the
    export: one query per kind)."""
    meta = model._meta
    grouped = {}
    qs = (
        ItemVersion.objects.visible_to(user, space=space)
        .filter(content_type__app_label=meta.app_label, content_type__model=meta.model_name, object_id__in=item_ids)
        .order_by("object_id", "number")
    )
    for version in qs:
        grouped.setdefault(version.object_id, []).append(version)
    return grouped
