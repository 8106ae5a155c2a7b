"""The participation app's models, gathered from its rooms for Django's app registry (app label ``participation``).

Each model lives in the room it belongs to; import it from there or from here, both are the same class.
Who sees what is :mod:`participation.access`.
"""

from participation.groups.models import Membership, MembershipQuerySet, MembershipStatus
from participation.moderation.models import Block, Report, ReportReason, ReportStatus
from participation.posts.models import (
    NO_REACTION_YET,
    Attachment,
    AttachmentKind,
    Post,
    PostAudience,
    PostFilterOption,
    PostStatus,
    Reaction,
    Section,
    Star,
    attachment_path,
    no_reaction_yet,
)
from participation.pushmail.models import PushMail, PushMailSelection
from participation.theme_digests.models import Digest

__all__ = [
    "NO_REACTION_YET",
    "Attachment",
    "AttachmentKind",
    "Block",
    "Digest",
    "Membership",
    "MembershipQuerySet",
    "MembershipStatus",
    "Post",
    "PostAudience",
    "PostFilterOption",
    "PostStatus",
    "PushMail",
    "PushMailSelection",
    "Reaction",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Section",
    "Star",
    "attachment_path",
    "no_reaction_yet",
]
