"""Deletion on request (issue 13 §8): the young person asks, whoever holds regie confirms (at once when that is
her), content and files go and only a tombstone stays in the access log; what a care organisation must keep by law
is restricted instead, and she is told which and why in plain words.

Every write: keyword-only, one transaction; an item's versions go with it (``SpaceItem.versions``); files leave the
disk after commit (the documents room's ``post_delete``
receiver of ``DocumentVersion``).
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from trajectories.access import PROFESSIONAL_ROLES, Space, TrajectoryStatus, item_visibility
from trajectories.agenda.services import proposals_delete
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.deletion import policies
from trajectories.deletion.models import DeletionRequest, DeletionScope, DeletionStatus, RestrictedItem
from trajectories.items.models import SpaceItem
from trajectories.items.selectors import item_kinds, kind_for_key, kind_for_model
from trajectories.spaces.models import Participant, Trajectory
from trajectories.spaces.selectors import forget_space
from trajectories.spaces.services import NotAllowed, current_space


@dataclass
class Outcome:
    """What became of a request: carried out or waiting, how many items went, and the ones kept restricted (each
    ``(what, why)`` in words the young person may read)."""

    request: DeletionRequest
    done: bool
    deleted: int = 0
    restricted: list = field(default_factory=list)


def retention_reason(space, item):
    """Why `item` must be kept (restricted, not deleted), in the active language, or "": a professional wrote it in
    a space an organisation runs, so it belongs to that organisation's care record, which the law makes it keep."""
    organisation = space.trajectory.organisation
    author = space.participant(item.author_id)
    if organisation is None or author is None or author.role not in PROFESSIONAL_ROLES:
        return ""
    return _(
        "A professional of %(organisation)s wrote this. A care organisation must keep its care record for as "
        "long as the law says. So it is not deleted, but nobody can read it any more."
    ) % {"organisation": organisation.title}


def _stored_reason(space, item):
    """The reason as the record keeps it: in the site's language, whoever asked."""
    with translation.override(settings.LANGUAGE_CODE):
        return retention_reason(space, item)


def _what(space, kind, item):
    """How the young person is told which item it was: its title when she may read it, else only its kind."""
    readable = kind.model.objects.filter(item_visibility(kind.model, space.me.user, space=space), pk=item.pk).exists()
    if readable:
        return f"{str(kind.label).capitalize()}: {item.item_title()}"
    return _("%(kind)s that you may not read") % {"kind": str(kind.label).capitalize()}


def _items_of(request):
    kinds = [kind_for_key(request.item_type)] if request.scope == DeletionScope.ITEM else item_kinds()
    for kind in kinds:
        if kind is None:
            continue
        qs = kind.model.objects.select_for_update().filter(trajectory_id=request.trajectory_id)
        if request.scope == DeletionScope.ITEM:
            qs = qs.filter(pk=request.item_id)
        for item in qs.order_by("pk"):
            yield kind, item


def _collected_items(item):
    """`item` and every item that would go with it (a goal's actions), as ``(kind, item)``."""
    collector = Collector(using=router.db_for_write(type(item)))
    collector.collect([item])
    found = []
    for model, instances in collector.data.items():
        if issubclass(model, SpaceItem):
            kind = kind_for_model(model)
            found += [(kind, instance) for instance in instances if kind is not None]
    return found


def _carry_out(space, request, *, by_seat):
    outcome = Outcome(request=request, done=True)
    handled = set()
    restricted_ids = {
        (row.content_type_id, row.object_id)
        for row in RestrictedItem.objects.filter(trajectory_id=space.pk).only("content_type_id", "object_id")
    }
    for kind, item in _items_of(request):
        if (kind.key, item.pk) in handled:
            continue
        group = _collected_items(item)
        # One item that must be kept keeps the whole group (a professional's action under her goal keeps the goal).
        anchor = next((member for _kind, member in group if retention_reason(space, member)), None)
        if anchor is not None:
            reason = retention_reason(space, anchor)
            for member_kind, member in group:
                content_type = ContentType.objects.get_for_model(type(member))
                handled.add((member_kind.key, member.pk))
                if (content_type.pk, member.pk) in restricted_ids:
                    continue
                outcome.restricted.append((_what(space, member_kind, member), reason))
                RestrictedItem.objects.create(
                    trajectory_id=space.pk,
                    content_type=content_type,
                    object_id=member.pk,
                    reason=_stored_reason(space, anchor),
                )
                audit.record(space=space, item_type=member_kind.key, item_id=member.pk, action=AccessAction.UPDATE)
            continue
        for member_kind, member in group:
            handled.add((member_kind.key, member.pk))
            # The tombstone: who, when, which kind and id — never the content (the log is shown to the young person).
            audit.record(space=space, item_type=member_kind.key, item_id=member.pk, action=AccessAction.DELETE)
        outcome.deleted += len(group)
        # Deleting the item deletes its versions (issue 13 §2) and those of the items going with it: each item's
        # ``versions`` is a GenericRelation, so Django's collector takes them along. A restricted item keeps its
        # versions with it (the care record), read by nobody like the item.
        item.delete()
    if request.scope == DeletionScope.SPACE:
        proposals_delete(trajectory_id=space.pk)  # proposed times are what people wrote too (issue 13 §3)
        _close_for_good(space)
    request.status = DeletionStatus.DONE
    request.confirmed_by = by_seat
    request.done_at = timezone.now()
    request.deleted_count = outcome.deleted
    request.restricted_count = len(outcome.restricted)
    request.save(update_fields=["status", "confirmed_by", "done_at", "deleted_count", "restricted_count"])
    forget_space()
    return outcome


def _close_for_good(space, *, by_system=False):
    """The whole space was deleted: its name goes, it is closed, and nobody — the young person neither — opens it
    any more. The row stays as what the access log's tombstones point to (and holds what is restricted)."""
    now = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        title = _("Deleted space")
    if by_system:
        audit.record_system(
            trajectory_id=space.pk, item_type=audit.SPACE_DELETED, item_id=space.pk, action=AccessAction.DELETE
        )
    else:
        audit.record(space=space, item_type=audit.SPACE_DELETED, item_id=space.pk, action=AccessAction.DELETE)
    Trajectory.objects.filter(pk=space.pk).update(
        title=title, status=TrajectoryStatus.CLOSED, closed_at=now, closure_reason="", counsellor=None
    )
    Participant.objects.filter(trajectory_id=space.pk).update(access_until=now, name="", relation="")


@transaction.atomic
def deletion_request(*, trajectory, by, kind_key=None, item_id=None):
    """The young person asks to delete one item (`kind_key`, `item_id`) or, without them, her whole space. Carried
    out at once when she holds regie herself; otherwise it waits for whoever does (:func:`deletion_confirm`)."""
    space = current_space(by, trajectory.pk)
    if not policies.can_request_deletion(space):
        raise NotAllowed(_("Only the young person can ask to delete something from the space."))
    if kind_key is not None:
        kind = kind_for_key(kind_key)
        exists = kind is not None and kind.model.objects.filter(trajectory_id=space.pk, pk=item_id).exists()
        if not exists:
            raise NotAllowed(_("This item does not exist (any more)."))
    scope = DeletionScope.ITEM if kind_key is not None else DeletionScope.SPACE
    request = DeletionRequest.objects.filter(
        trajectory_id=space.pk,
        status=DeletionStatus.PENDING,
        scope=scope,
        item_type=kind_key or "",
        item_id=item_id if kind_key is not None else None,
    ).first() or DeletionRequest.objects.create(
        trajectory_id=space.pk,
        scope=scope,
        item_type=kind_key or "",
        item_id=item_id if kind_key is not None else None,
        requested_by=space.me,
    )
    audit.record(space=space, item_type=audit.DELETION_REQUEST, item_id=request.pk, action=AccessAction.CREATE)
    if policies.confirms_deletion(space):
        return _carry_out(space, request, by_seat=space.me)
    return Outcome(request=request, done=False)


@transaction.atomic
def deletion_confirm(*, request, by):
    """Whoever holds regie confirms the young person's request: it is carried out now."""
    space = current_space(by, request.trajectory_id)
    if not policies.confirms_deletion(space):
        raise NotAllowed(_("Only the person who decides in this space (who holds regie) can do this."))
    locked = DeletionRequest.objects.select_for_update().filter(pk=request.pk, trajectory_id=space.pk).first()
    if locked is None or locked.status != DeletionStatus.PENDING:
        raise NotAllowed(_("This request has been dealt with already."))
    return _carry_out(space, locked, by_seat=space.me)


@transaction.atomic
def deletion_decline(*, request, by, reason):
    """Whoever holds regie declines the young person's request, with a reason she reads on the People page; nothing is
    deleted, and the decision is in the access log. Anyone else — a professional who does not hold regie, a parent —
    is refused."""
    space = current_space(by, request.trajectory_id)
    if not policies.confirms_deletion(space):
        raise NotAllowed(_("Only the person who decides in this space (who holds regie) can do this."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the young person why you decline.")})
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    locked = DeletionRequest.objects.select_for_update().filter(pk=request.pk, trajectory_id=space.pk).first()
    if locked is None or locked.status != DeletionStatus.PENDING:
        raise NotAllowed(_("This request has been dealt with already."))
    locked.status = DeletionStatus.DECLINED
    locked.declined_by = space.me
    locked.decline_reason = reason
    locked.done_at = timezone.now()
    locked.save(update_fields=["status", "declined_by", "decline_reason", "done_at"])
    audit.record(space=space, item_type=audit.DELETION_DECLINED, item_id=locked.pk, action=AccessAction.UPDATE)
    forget_space()
    return locked


# --- Retention (issue 13 §9): the same deletion, done by the site when a period ends ----------------------------


@dataclass
class Expired:
    """What a retention step did: items deleted (each with its tombstone) and items restricted instead."""

    deleted: int = 0
    restricted: int = 0


def _system_space(trajectory):
    """The space as the deletion rules read it, without anyone's seat: the site itself acts (a scheduled job)."""
    participants = list(Participant.objects.filter(trajectory_id=trajectory.pk).with_declaration())
    return Space(trajectory=trajectory, me=None, participants=participants)


def _expire_items(space, pairs):
    """Delete `pairs` (``(kind, item)``) as a deletion request would — each with everything that goes with it and a
    tombstone naming only kind and id — except what a care organisation must keep by law: restricted instead."""
    done = Expired()
    handled = set()
    restricted_ids = {
        (row.content_type_id, row.object_id)
        for row in RestrictedItem.objects.filter(trajectory_id=space.pk).only("content_type_id", "object_id")
    }
    for kind, item in pairs:
        if (kind.key, item.pk) in handled:
            continue
        group = _collected_items(item)
        anchor = next((member for _kind, member in group if retention_reason(space, member)), None)
        if anchor is not None:
            for member_kind, member in group:
                content_type = ContentType.objects.get_for_model(type(member))
                handled.add((member_kind.key, member.pk))
                if (content_type.pk, member.pk) in restricted_ids:
                    continue
                RestrictedItem.objects.create(
                    trajectory_id=space.pk,
                    content_type=content_type,
                    object_id=member.pk,
                    reason=_stored_reason(space, anchor),
                )
                restricted_ids.add((content_type.pk, member.pk))
                audit.record_system(
                    trajectory_id=space.pk, item_type=member_kind.key, item_id=member.pk, action=AccessAction.UPDATE
                )
                done.restricted += 1
            continue
        for member_kind, member in group:
            handled.add((member_kind.key, member.pk))
            audit.record_system(
                trajectory_id=space.pk, item_type=member_kind.key, item_id=member.pk, action=AccessAction.DELETE
            )
        done.deleted += len(group)
        item.delete()  # a document's files leave the disk after commit (the documents room's receiver)
    return done


@transaction.atomic
def items_expire(*, trajectory, kind_key, item_ids):
    """Retention: the items `item_ids` of kind `kind_key` in `trajectory` reached the end of their period. They are
    deleted as the young person's request would delete them (tombstones in the access log, files off the disk);
    what a care organisation must keep by law is restricted instead. Items already restricted are left alone, so a
    second run does nothing. Returns :class:`Expired`."""
    kind = kind_for_key(kind_key)
    space = _system_space(trajectory)
    restricted = RestrictedItem.objects.filter(
        trajectory_id=trajectory.pk, content_type=ContentType.objects.get_for_model(kind.model)
    ).values("object_id")
    items = (
        kind.model.objects.select_for_update()
        .filter(trajectory_id=trajectory.pk, pk__in=list(item_ids))
        .exclude(pk__in=restricted)
        .order_by("pk")
    )
    return _expire_items(space, [(kind, item) for item in items])


@transaction.atomic
def space_expire(*, trajectory):
    """Retention: a closed space reached the end of its period. Everything in it is deleted as on the young person's
    request for the whole space (what the law keeps is restricted), the space is closed for good, and a done
    deletion request without a requester records that the site did it. Returns :class:`Expired`."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    space = _system_space(trajectory)
    request = DeletionRequest.objects.create(
        trajectory_id=trajectory.pk, scope=DeletionScope.SPACE, requested_by=None, status=DeletionStatus.PENDING
    )
    restricted = {(row.content_type_id, row.object_id) for row in RestrictedItem.objects.filter(trajectory_id=space.pk)}
    pairs = []
    for kind, item in _items_of(request):
        if (ContentType.objects.get_for_model(kind.model).pk, item.pk) not in restricted:
            pairs.append((kind, item))
    done = _expire_items(space, pairs)
    _close_for_good(space, by_system=True)
    request.status = DeletionStatus.DONE
    request.done_at = timezone.now()
    request.deleted_count = done.deleted
    request.restricted_count = done.restricted
    request.save(update_fields=["status", "done_at", "deleted_count", "restricted_count"])
    forget_space()
    return done


def deleted_space_ids():
    """The spaces deleted as a whole (on request or by retention): a subquery of their ids."""
    return DeletionRequest.objects.filter(scope=DeletionScope.SPACE, status=DeletionStatus.DONE).values("trajectory_id")


@transaction.atomic
def restricted_expire(*, restricted_ids):
    """Retention: the legal period of these restricted items (a care organisation's record the young person asked to
    delete) ended: they are deleted now, with their tombstones, and their restriction rows go with them."""
    count = 0
    rows = list(RestrictedItem.objects.select_for_update().filter(pk__in=list(restricted_ids)))
    for row in rows:
        model = row.content_type.model_class()
        item = model.objects.filter(pk=row.object_id).first() if model is not None else None
        if item is not None:
            for member_kind, member in _collected_items(item):
                audit.record_system(
                    trajectory_id=row.trajectory_id,
                    item_type=member_kind.key,
                    item_id=member.pk,
                    action=AccessAction.DELETE,
                )
                RestrictedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(type(member)), object_id=member.pk
                ).exclude(pk=row.pk).delete()
                count += 1
            item.delete()
        RestrictedItem.objects.filter(pk=row.pk).delete()
    return count
