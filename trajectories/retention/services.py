"""Retention (issue 13 §9, SEC-18): each kind of data of the collaboration spaces is kept for a period the
organisation that runs the space sets within the site's limits (``OrganisationPage.retention_days``, limits in
``settings.WERKGROEPEN_RETENTION_LIMITS``); spaces without an organisation keep the site's defaults.

:func:`apply_retention` (``manage.py apply_retention``, daily) deletes what expired through the deletion service of
:mod:`trajectories.deletion.services` — tombstones in the access log, files off the disk, and what a care
organisation must keep by law restricted instead of deleted — and returns counts per kind. A second run finds
nothing left to do (REL-12): deleted items are gone and restricted ones are skipped.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from themes.models import RETENTION_KINDS, OrganisationPage
from trajectories.access import TrajectoryStatus
from trajectories.audit import services as audit
from trajectories.deletion import services as deletion
from trajectories.deletion.models import RestrictedItem
from trajectories.documents.models import Document
from trajectories.logbook.models import LogEntry
from trajectories.messaging.models import MessageThread
from trajectories.spaces.models import Trajectory

# Per item kind: the item kind's key, its model and the field its period counts from.
ITEM_KINDS = {
    "logbook": ("log_entry", LogEntry, "updated_at"),
    "messages": ("message_thread", MessageThread, "last_message_at"),
    "documents": ("document", Document, "updated_at"),
}


@dataclass
class KindCount:
    deleted: int = 0
    restricted: int = 0


@dataclass
class RetentionReport:
    """Counts per kind of data (``RETENTION_KINDS``): how many were deleted and how many restricted instead."""

    kinds: dict = field(default_factory=lambda: {kind: KindCount() for kind in RETENTION_KINDS})

    @property
    def deleted(self):
        return sum(count.deleted for count in self.kinds.values())


def _periods():
    """``[(organisation id or None, {kind: days})]``: every organisation's periods, and the site's defaults for
    spaces no organisation runs."""
    defaults = {kind: limits["default"] for kind, limits in settings.WERKGROEPEN_RETENTION_LIMITS.items()}
    periods = [(None, defaults)]
    for organisation in OrganisationPage.objects.all().only(
        "pk", *(f"retention_{kind}_days" for kind in RETENTION_KINDS)
    ):
        periods.append((organisation.pk, {kind: organisation.retention_days(kind) for kind in RETENTION_KINDS}))
    return periods


def _spaces_of(organisation_id):
    return (
        Trajectory.objects.filter(organisation__isnull=True)
        if organisation_id is None
        else Trajectory.objects.filter(organisation_id=organisation_id)
    )


def apply_retention(*, now=None):
    """Delete (or restrict) what outlived its period in every space; one transaction per space and kind. Returns a
    :class:`RetentionReport`."""
    now = now or timezone.now()
    report = RetentionReport()
    for organisation_id, days in _periods():
        spaces = _spaces_of(organisation_id).exclude(pk__in=deletion.deleted_space_ids())
        for kind, (kind_key, model, since) in ITEM_KINDS.items():
            cutoff = now - timedelta(days=days[kind])
            expired = model.objects.filter(trajectory__in=spaces, **{f"{since}__lt": cutoff})
            by_space = {}
            for trajectory_id, pk in expired.values_list("trajectory_id", "pk").order_by("trajectory_id", "pk"):
                by_space.setdefault(trajectory_id, []).append(pk)
            for trajectory in Trajectory.objects.filter(pk__in=list(by_space)):
                done = deletion.items_expire(trajectory=trajectory, kind_key=kind_key, item_ids=by_space[trajectory.pk])
                report.kinds[kind].deleted += done.deleted
                report.kinds[kind].restricted += done.restricted
        closed_before = now - timedelta(days=days["closed_spaces"])
        for trajectory in spaces.filter(status=TrajectoryStatus.CLOSED, closed_at__lt=closed_before):
            done = deletion.space_expire(trajectory=trajectory)
            report.kinds["closed_spaces"].deleted += 1
            report.kinds["closed_spaces"].restricted += done.restricted
        care_before = now - timedelta(days=days["care_record"])
        restricted = RestrictedItem.objects.filter(
            trajectory__in=_spaces_of(organisation_id), restricted_at__lt=care_before
        ).values_list("pk", flat=True)
        restricted = list(restricted)
        if restricted:
            report.kinds["care_record"].deleted += deletion.restricted_expire(restricted_ids=restricted)
        report.kinds["access_log"].deleted += audit.access_log_prune(
            trajectory_ids=_spaces_of(organisation_id).values("pk"), before=now - timedelta(days=days["access_log"])
        )
    return report
