"""Reads of the deletion requests: the ones waiting for the viewer's confirmation."""

from trajectories.deletion import policies
from trajectories.deletion.models import DeletionRequest, DeletionStatus


def pending_requests(space):
    """The requests of `space` waiting for confirmation, for whoever holds regie (empty for anyone else)."""
    if not policies.confirms_deletion(space):
        return []
    return list(
        DeletionRequest.objects.filter(trajectory_id=space.pk, status=DeletionStatus.PENDING).order_by("requested_at")
    )
