"""The core's models, gathered from its rooms so that Django finds them (app label ``wg_core``).

Each model lives in the room that writes it (``core/<room>/models.py``); import it from there or from here. Moving a
model between modules of one app changes no migration: Django knows models by app label and name.
"""

from core.accounts.models import User, UserManager
from core.imports.models import ImportOutcome, ImportRun
from core.invitations.models import Invitation, InvitationStatus
from core.notifications.models import (
    Frequency,
    Notification,
    NotificationAddress,
    NotificationEvent,
    NotificationPreference,
)
from core.outbox.models import OutboundMessage, OutboundStatus
from core.privacy.models import DataExport, DataExportQuerySet, DataExportStatus
from core.role_requests.models import RoleRequest, RoleRequestQuerySet, RoleRequestStatus
from core.roles.models import OrganisationCollection, Role, RoleAssignment, RoleGroup
from core.scheduler.models import ScheduledJobRun

__all__ = [
    "DataExport",
    "DataExportQuerySet",
    "DataExportStatus",
    "Frequency",
    "ImportOutcome",
    "ImportRun",
    "Invitation",
    "InvitationStatus",
    "Notification",
    "NotificationAddress",
    "NotificationEvent",
    "NotificationPreference",
    "OutboundMessage",
    "OutboundStatus",
    "OrganisationCollection",
    "Role",
    "RoleAssignment",
    "RoleGroup",
    "RoleRequest",
    "RoleRequestQuerySet",
    "RoleRequestStatus",
    "ScheduledJobRun",
    "User",
    "UserManager",
]
