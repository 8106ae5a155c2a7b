"""Writes of item versions (issue 13 §2), called by the items' services inside the transaction of the change they
record (:mod:`trajectories.items.services`: adding, changing, restoring an item and changing who may see it).

Each version is a snapshot of the kind's ``VERSIONED_FIELDS`` with who and when and the audience it was written for.
An item written before versions were kept gets a first version of how it stood (its author, or its last changer,
and that time) just before its first recorded change, so its history starts from what people read.

A change (or a restore) by someone other than the item's author tells the author through
``core.notifications.services.tell`` (and, for kinds with ``CHANGES_TOLD_TO_YOUNG_PERSON``, the young person of the
space): a neutral title without care content, like every notification about a space; the link leads to the item,
which shows everything to who may see it.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext

from core.notifications.services import Notice, tell
from trajectories.access import Audience, Role
from trajectories.history.models import ItemVersion, VersionAction, readers_field
from trajectories.items.selectors import kind_for_model

NOTIFICATION_TYPE = "trajectories.item_changed"


def news_title():
    """The neutral title of every notification about a space (the same sentence as ``trajectories.messaging``'s),
    in the site's language: it is stored and mailed as is. (Not imported from messaging: its services import the
    items' services, which import these.)"""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("There is something new in your collaboration space")


def snapshot(item):
    """The values of `item`'s versioned fields as JSON: a related row by its id, dates as ISO text."""
    values = {}
    for name in type(item).VERSIONED_FIELDS:
        field = type(item)._meta.get_field(name)
        value = field.value_from_object(item)
        values[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return values


def _chosen_ids(item, chosen_ids):
    if item.audience != Audience.CHOSEN:
        return []
    if chosen_ids is None:
        return list(item.chosen.values_list("pk", flat=True))
    return list(chosen_ids)


def _write(*, item, number, action, by_id, at=None, chosen_ids=None, restored_from=None):
    fields = {}
    if at is not None:
        fields["at"] = at
    return ItemVersion.objects.create(
        trajectory_id=item.trajectory_id,
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        number=number,
        action=action,
        by_id=by_id,
        fields=snapshot(item),
        audience=item.audience,
        readers=readers_field([item.author_id, *_chosen_ids(item, chosen_ids)]),
        restored_from=restored_from,
        **fields,
    )


def version_baseline(*, item):
    """Before the first recorded change of an item written before versions were kept (or by a factory): its state
    as version 1, written by its last changer (else its author) at that time. Call it with the item locked, before
    changing it. Nothing for kinds without ``VERSIONED_FIELDS`` or items with versions already."""
    if not type(item).VERSIONED_FIELDS or ItemVersion.objects.of_item(item).exists():
        return None
    changed = item.updated_by_id is not None
    return _write(
        item=item,
        number=1,
        action=VersionAction.CHANGED if changed else VersionAction.CREATED,
        by_id=item.updated_by_id if changed else item.author_id,
        at=item.updated_at if changed else item.created_at,
    )


def version_record(*, space, item, action, chosen_ids=None, restored_from=None):
    """Record `item` as it is now as its next version, written by the viewer of `space` (call it inside the change's
    transaction, the item locked, after saving it). `chosen_ids`: the chosen seats when the caller knows them (else
    read again for a "chosen people" item). A change or restore by someone other than the author is told to the
    author (:func:`_tell_changed`). Returns the version, or None for kinds that keep no history."""
    if not type(item).VERSIONED_FIELDS:
        return None
    last = ItemVersion.objects.of_item(item).aggregate(last=Max("number"))["last"] or 0
    version = _write(
        item=item,
        number=last + 1,
        action=action,
        by_id=space.me.pk,
        chosen_ids=chosen_ids,
        restored_from=restored_from,
    )
    if action in (VersionAction.CHANGED, VersionAction.RESTORED):
        _tell_changed(space, item, version)
    return version


def _tell_changed(space, item, version):
    """Tell the author (and the young person, for her plan's goals) that someone else changed the item. ``tell``
    leaves out the actor and everyone who may not read the item now."""
    people = []
    author = space.participant(item.author_id)
    if author is not None and author.pk != space.me.pk and author.is_active:
        people.append(author.user)
    if type(item).CHANGES_TOLD_TO_YOUNG_PERSON:
        people += [p.user for p in space.active_participants if p.role == Role.CLIENT and p.pk != space.me.pk]
    people = [person for person in people if person is not None]
    if not people:
        return
    kind = kind_for_model(type(item))
    key = f"{NOTIFICATION_TYPE}:{kind.key}:{item.pk}:{version.number}"
    tell(
        code=NOTIFICATION_TYPE,
        people=people,
        key=key,
        notices=Notice(key=key, title=news_title(), url=kind.item_url(space.pk, item.pk)),
        about=item,
        actor=space.me.user,
    )
