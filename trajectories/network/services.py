"""Writes of the personal social map (Netwerk). Outside contacts are generic items (trajectories.items.services).

A social map belongs to its author: only they add or remove people and decide with whom it is shared. It is
created on first use with audience "chosen" and nobody chosen: only its owner sees it (the author always reads
their own item, trajectories.access). Each write reads the actor's seat again and records the access log.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trajectories.access import Audience
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.items.services import chosen_ids
from trajectories.network import policies
from trajectories.network.models import Circle, Closeness, SocialMap, SocialMapPerson
from trajectories.spaces.services import NotAllowed, current_space, refusal

KIND = "social_map"  # the registry key (trajectories.network.hooks)


def _open_space(by, trajectory_id):
    """The actor's fresh seat, in a space where they may change their own social map."""
    space = current_space(by, trajectory_id)
    if not policies.can_change_own_map(space):
        raise refusal(space)
    return space


def _own_map(space, by):
    return SocialMap.objects.editable_by(by, space=space).filter(trajectory_id=space.pk, author_id=space.me.pk)


@transaction.atomic
def social_map_ensure(*, trajectory, by):
    """The actor's own social map in `trajectory`, created (visible only to them) when they have none yet."""
    space = _open_space(by, trajectory.pk)
    existing = _own_map(space, by).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            social_map = SocialMap.objects.create(trajectory_id=space.pk, author=space.me, audience=Audience.CHOSEN)
    except IntegrityError:  # created at the same moment in another request
        return _own_map(space, by).get()
    audit.record(space=space, item_type=KIND, item_id=social_map.pk, action=AccessAction.CREATE)
    return social_map


@transaction.atomic
def social_map_add_person(*, trajectory, by, name, circle, closeness=Closeness.MIDDLE, note=""):
    """Add someone to the actor's own social map (created when needed)."""
    social_map = social_map_ensure(trajectory=trajectory, by=by)
    space = current_space(by, trajectory.pk)
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Write a name.")
    if circle not in Circle.values:
        errors["circle"] = _("Choose a circle.")
    if closeness not in Closeness.values:
        errors["closeness"] = _("Choose how close this person is.")
    if errors:
        raise ValidationError(errors)
    person = SocialMapPerson.objects.create(
        social_map=social_map, name=name[:80], circle=circle, closeness=closeness, note=(note or "").strip()[:200]
    )
    social_map.updated_by = space.me
    social_map.save(update_fields=["updated_by", "updated_at"])
    audit.record(space=space, item_type=KIND, item_id=social_map.pk, action=AccessAction.UPDATE)
    return person


@transaction.atomic
def social_map_remove_person(*, trajectory, by, person_id):
    """Take someone off the actor's own social map. Someone on another person's map cannot be removed."""
    space = _open_space(by, trajectory.pk)
    social_map = _own_map(space, by).first()
    deleted = 0
    if social_map is not None:
        deleted, _rows = SocialMapPerson.objects.filter(social_map=social_map, pk=person_id).delete()
    if not deleted:
        raise NotAllowed(_("You can only change your own social map."))
    audit.record(space=space, item_type=KIND, item_id=social_map.pk, action=AccessAction.UPDATE)


@transaction.atomic
def social_map_share(*, trajectory, by, audience, chosen=()):
    """The owner decides who sees their social map: only them (``audience`` chosen, nobody chosen), chosen
    people, the professionals or everyone in the space."""
    space = _open_space(by, trajectory.pk)
    social_map = _own_map(space, by).select_for_update().first()
    if social_map is None:
        social_map = social_map_ensure(trajectory=trajectory, by=by)
    if audience not in Audience.values:
        raise ValidationError({"audience": _("Choose who may see this.")})
    ids = []
    if audience == Audience.CHOSEN and chosen:
        ids = chosen_ids(space, audience, chosen, author_id=space.me.pk)
    social_map.audience = audience
    social_map.updated_by = space.me
    social_map.save(update_fields=["audience", "updated_by", "updated_at"])
    social_map.chosen.set(ids)
    audit.record(space=space, item_type=KIND, item_id=social_map.pk, action=AccessAction.UPDATE)
    return social_map


def social_maps_delete(*, author_ids):
    """Delete the social maps of the participant rows `author_ids`, with their people (account erasure, SEC-17:
    a personal map is the person's own, not the space's record). Runs inside the caller's transaction."""
    for social_map in SocialMap.objects.filter(author_id__in=author_ids):
        social_map.chosen.clear()
        social_map.delete()
