"""Writes of items of every kind: add, change, delete, and who may see one. One transaction each.

Each service reads the actor's seat again (``trajectories.spaces.services.current_space``), finds the item through
``visible_to`` / ``editable_by`` and refuses what :mod:`trajectories.items.policies` refuses; the kind's own rules
run through ``SpaceItem.validate_in_space`` (so a forged request meets the same rules as the form), and every change
writes its access-log row in the same transaction. The tools' own services (documents, messages, the social map)
build on these.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trajectories.access import Audience
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.history import services as history
from trajectories.history.models import VersionAction
from trajectories.history.selectors import VersionNotFound, restored_values, version_of
from trajectories.items import policies
from trajectories.items.selectors import kind_for_model
from trajectories.spaces.services import NotAllowed, current_space, refusal


def _kind(model):
    kind = kind_for_model(model)
    if kind is None:
        raise LookupError(f"{model.__name__} is not a registered item kind (hook register_space_item_kind)")
    return kind


def chosen_ids(space, audience, chosen, *, author_id):
    """The participant ids an item of `audience` is shown to besides its author, checked against `space`: active
    participants only, at least one when the audience is "chosen" (``ValidationError`` otherwise)."""
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who may see this.")})
    if audience != Audience.CHOSEN:
        return []
    ids = {getattr(person, "pk", person) for person in chosen or ()}
    ids.discard(author_id)  # the author always sees their own items
    for pk in ids:
        person = space.participant(pk)
        if person is None or not person.is_active:
            raise ValidationError({"chosen": _("Choose people who take part in this space.")})
    if not ids:
        raise ValidationError({"chosen": _("Choose at least one person who may see this.")})
    return sorted(ids)


@transaction.atomic
def item_create(*, model, trajectory, by, audience=Audience.EVERYONE, chosen=(), **fields):
    """`by` writes a new item of `model` (a registered kind) in `trajectory`, for `audience` (and the `chosen`
    participants). Any participant of an active space may write; the author always sees their own item."""
    kind = _kind(model)
    space = current_space(by, trajectory.pk)
    if not policies.can_add_item(space):
        raise refusal(space)
    ids = chosen_ids(space, audience, chosen, author_id=space.me.pk)
    item = model(trajectory_id=space.pk, author=space.me, audience=audience, **fields)
    item.validate_in_space(space=space, previous=None)
    item.prepare_save(previous=None)
    item.save()
    if ids:
        item.chosen.set(ids)
    audit.record(space=space, item_type=kind.key, item_id=item.pk, action=AccessAction.CREATE)
    history.version_record(space=space, item=item, action=VersionAction.CREATED, chosen_ids=ids)
    return item


def editable_item(item, by):
    """The actor's fresh seat and `item` locked for change (``select_for_update``), or :class:`NotAllowed` when
    they may not change it (``policies.can_edit_item``: the one rule of ``editable_by``). For the tools' own
    writes of an item (a document's new version)."""
    space = current_space(by, item.trajectory_id)
    if not space.writable:
        raise refusal(space)
    current = type(item).objects.editable_by(by, space=space).select_for_update().filter(pk=item.pk).first()
    if current is None or not policies.can_edit_item(space, current):
        raise NotAllowed(_("You cannot change this."))
    return space, current


def _apply(space, kind, current, fields, *, action, restored_from=None):
    """Change `current` (locked, editable by the viewer of `space`) to `fields`: the kind's rules, the access log and
    a new version (issue 13 §2), in the caller's transaction. Nothing changes and no version is written when the
    versioned fields already hold these values."""
    history.version_baseline(item=current)
    previous = {name: getattr(current, name) for name in fields}
    for name, value in fields.items():
        if name in ("trajectory", "trajectory_id", "author", "author_id", "audience", "chosen"):
            raise ValueError(f"{name} cannot be changed through item_update")
        setattr(current, name, value)
    current.validate_in_space(space=space, previous=previous)
    current.prepare_save(previous=previous)
    if type(current).VERSIONED_FIELDS and all(previous[name] == getattr(current, name) for name in fields):
        return current  # saved as it was: not a change, nobody is told, the history stays as it is
    current.updated_by = space.me
    current.save()
    audit.record(
        space=space,
        item_type=kind.key,
        item_id=current.pk,
        action=AccessAction.RESTORE if action == VersionAction.RESTORED else AccessAction.UPDATE,
    )
    history.version_record(space=space, item=current, action=action, restored_from=restored_from)
    return current


@transaction.atomic
def item_update(*, item, by, **fields):
    """`by` changes an item they may change (``editable_by``): in a shared plan everyone who reads it, in the
    logbook only its author. Who may see it is changed with :func:`item_set_audience`. The change is a new version
    of the item (``trajectories.history``); someone else's change is told to the author."""
    kind = _kind(type(item))
    space, current = editable_item(item, by)
    return _apply(space, kind, current, fields, action=VersionAction.CHANGED)


@transaction.atomic
def item_restore(*, item, by, number):
    """`by` puts back what version `number` of `item` said: a new version (``restored_from`` names the old one), in
    the access log as a restore, told to the author like any change. Only who may change the item may restore, and
    only a version they may read (:class:`~trajectories.history.selectors.VersionNotFound` otherwise, a 404). The
    kind's rules apply as to any change (``ValidationError``: a date now in the past, a goal no longer readable)."""
    kind = _kind(type(item))
    space, current = editable_item(item, by)
    version = version_of(space, by, current, number)
    if version is None:
        raise VersionNotFound
    fields = restored_values(type(current), version.fields)
    return _apply(space, kind, current, fields, action=VersionAction.RESTORED, restored_from=version.number)


def _readable(item, by):
    """The actor's fresh seat in an open space and `item` locked, read through ``visible_to`` (None: not theirs to
    read)."""
    space = current_space(by, item.trajectory_id)
    if not space.writable:
        raise refusal(space)
    current = type(item).objects.visible_to(by, space=space).select_for_update().filter(pk=item.pk).first()
    return space, current


@transaction.atomic
def item_delete(*, item, by):
    """The author deletes their own item, unless its kind refuses (a goal that still has actions: they would go
    with it)."""
    kind = _kind(type(item))
    space, current = _readable(item, by)
    if current is None or not policies.can_delete_item(space, current):
        raise NotAllowed(_("Only the person who wrote this can delete it."))
    reason = current.deletion_refused()
    if reason:
        raise NotAllowed(reason)
    pk = current.pk
    audit.record(space=space, item_type=kind.key, item_id=pk, action=AccessAction.DELETE)
    current.delete()
    return pk


@transaction.atomic
def item_set_audience(*, item, by, audience, chosen=()):
    """Whoever holds regie decides who may see an item they can read themselves."""
    kind = _kind(type(item))
    space, current = _readable(item, by)
    if current is None:
        raise NotAllowed(_("You cannot change this."))
    if not policies.can_change_audience(space, current):
        raise refusal(space)
    ids = chosen_ids(space, audience, chosen, author_id=current.author_id)
    history.version_baseline(item=current)
    current.audience = audience
    current.updated_by = space.me
    current.save(update_fields=["audience", "updated_by", "updated_at"])
    current.chosen.set(ids)
    audit.record(space=space, item_type=kind.key, item_id=current.pk, action=AccessAction.UPDATE)
    # The version records the new audience: what the item says from now on is read by the new audience only.
    history.version_record(space=space, item=current, action=VersionAction.AUDIENCE, chosen_ids=ids)
    return current
