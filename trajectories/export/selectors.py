"""Reads of the exports: only the requester's own, in a space they may export."""

from trajectories.export import policies
from trajectories.export.models import SpaceExport


def latest_export(space, user):
    """The newest export `user` asked for in `space`, or None."""
    if not policies.can_export(space):
        return None
    return SpaceExport.objects.filter(trajectory_id=space.pk, user_id=user.pk).order_by("-created_at", "-pk").first()


def export_of(space, user, export_id):
    """Export `export_id` when `user` asked for it in `space` (anyone else's answers None: a 404)."""
    if not policies.can_export(space):
        return None
    return SpaceExport.objects.filter(pk=export_id, trajectory_id=space.pk, user_id=user.pk).first()
