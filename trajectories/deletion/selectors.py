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


def declined_requests(space):
    """The young person's requests that whoever holds regie declined, with the reason: shown to her (and to whoever
    holds regie), newest first."""
    if not (space.is_client or policies.confirms_deletion(space)):
        return []
    return list(
        DeletionRequest.objects.filter(trajectory_id=space.pk, status=DeletionStatus.DECLINED).order_by("-done_at")[:20]
    )
