"""The models of the collaboration spaces, gathered for Django (app label ``trajectories``).

Each room keeps its models in its own ``models.py``; this module imports them so Django's app registry finds them
under this app. Code of the app imports a model from its room (``trajectories.plan.models.Goal``), never from
here; the words of the visibility rule (roles, statuses, audiences, regie modes) are in
:mod:`trajectories.access`.
"""

from trajectories.access import (
    PROFESSIONAL_ROLES,
    Audience,
    ParticipantStatus,
    Regie,
    Role,
    TrajectoryStatus,
)
from trajectories.agenda.models import (
    Answer,
    Appointment,
    AppointmentDecline,
    AppointmentProposal,
    CalendarFeed,
    ProposalAnswer,
    ProposalOption,
    ProposalStatus,
)
from trajectories.audit.models import (
    AccessAction,
    AccessLogEntry,
    AccessOutcome,
    AccountEventKind,
    AccountSecurityEvent,
    AppendOnlyError,
    authentication_label,
)
from trajectories.blueprints.models import (
    DocumentTemplate,
    PhaseDocument,
    Signature,
    SpacePhase,
    SpacePlan,
    TemplatePhase,
    TrajectoryTemplate,
)
from trajectories.deletion.models import DeletionRequest, DeletionScope, DeletionStatus, RestrictedItem
from trajectories.documents.models import Document, DocumentKind, DocumentVersion
from trajectories.export.models import ExportStatus, SpaceExport
from trajectories.history.models import ItemVersion, VersionAction
from trajectories.items.models import SpaceItem, SpaceItemQuerySet
from trajectories.logbook.models import LogEntry, Mood
from trajectories.messaging.models import Message, MessageThread, ThreadReadState
from trajectories.network.models import Contact, SocialMap, SocialMapPerson
from trajectories.plan.models import Action, ActionStatus, Agreement, EvaluationMoment, Goal, GoalStatus
from trajectories.spaces.models import INVITATION_DAYS, Participant, SpaceLook, Trajectory, hash_token
from trajectories.transfer.models import SpaceTransfer

__all__ = [
    "Answer",
    "AppointmentDecline",
    "AppointmentProposal",
    "ProposalAnswer",
    "ProposalOption",
    "ProposalStatus",
    "ItemVersion",
    "VersionAction",
    "DocumentTemplate",
    "PhaseDocument",
    "Signature",
    "SpacePhase",
    "SpacePlan",
    "TemplatePhase",
    "TrajectoryTemplate",
    "RestrictedItem",
    "SpaceExport",
    "SpaceTransfer",
    "ExportStatus",
    "INVITATION_DAYS",
    "PROFESSIONAL_ROLES",
    "AccessAction",
    "AccessLogEntry",
    "AccessOutcome",
    "AccountEventKind",
    "AccountSecurityEvent",
    "Action",
    "ActionStatus",
    "DeletionRequest",
    "DeletionScope",
    "DeletionStatus",
    "Agreement",
    "AppendOnlyError",
    "Appointment",
    "Audience",
    "CalendarFeed",
    "Contact",
    "Document",
    "DocumentKind",
    "DocumentVersion",
    "EvaluationMoment",
    "Goal",
    "GoalStatus",
    "LogEntry",
    "Message",
    "MessageThread",
    "Mood",
    "Participant",
    "SpaceLook",
    "ParticipantStatus",
    "Regie",
    "Role",
    "SocialMap",
    "SocialMapPerson",
    "SpaceItem",
    "SpaceItemQuerySet",
    "ThreadReadState",
    "Trajectory",
    "TrajectoryStatus",
    "authentication_label",
    "hash_token",
]
