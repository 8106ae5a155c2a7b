"""The moderators' queues in the administration: what waits for a decision, scoped to who looks.

Every queue starts from the model's ``visible_to(user)`` and narrows it to the pages `user` moderates
(participation.access: moderators and organisation admins on the page or an ancestor; superadmins everywhere).
Decisions go through the participation services, which check the moderator again, write the audit log and
tell the author. A queue is a small object so the views, the dashboard panel, the menu count and the
``register_moderation_queue`` hook all read the same definition.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from core.request_cache import memoise
from participation import services
from participation.access import access_for
from participation.models import Attachment, Membership, MembershipStatus, Post, PostStatus, Reaction


def moderated_theme_ids(user, access=None):
    """The themes `user` moderates (a theme, or a subtheme of it); None means every theme (superadmin)."""
    access = access or access_for(user)
    if access.is_superuser:
        return None
    return sorted({access.pages[pk].theme_id for pk in access.moderated_page_ids if pk in access.pages})


def is_moderator(user):
    """Whether `user` has any moderation queue at all."""
    if not user.is_authenticated:
        return False
    access = access_for(user)
    return access.is_superuser or bool(access.moderated_page_ids)


def _attachment_count(field):
    counts = (
        Attachment.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def _pending_memberships(user, access):
    qs = Membership.objects.visible_to(user).filter(status=MembershipStatus.PENDING)
    if not access.is_superuser:
        qs = qs.filter(theme_id__in=moderated_theme_ids(user, access))
    return qs


def _pending_posts(user, access):
    qs = Post.objects.visible_to(user, access=access).filter(status=PostStatus.PENDING)
    if not access.is_superuser:
        qs = qs.filter(page_id__in=access.moderated_page_ids)
    return qs


def _pending_reactions(user, access):
    qs = Reaction.objects.visible_to(user, access=access).filter(status=PostStatus.PENDING)
    if not access.is_superuser:
        qs = qs.filter(post__page_id__in=access.moderated_page_ids)
    return qs


@dataclass(frozen=True)
class Queue:
    """One list of items waiting for a moderator."""

    slug: str
    label: Any
    model: type
    theme_field: str  # the lookup of the item's theme id, for the theme filter
    pending: Callable  # pending(user, access) -> queryset of items in the user's scope
    rows: Callable  # rows(queryset) -> queryset with what the listing shows
    approve: Callable  # approve(obj, by)
    reject: Callable  # reject(obj, by, reason)

    def queryset(self, user, *, theme_id=None):
        if not is_moderator(user):
            return self.model.objects.none()
        qs = self.pending(user, access_for(user))
        if theme_id is not None:
            qs = qs.filter(**{self.theme_field: theme_id})
        return qs

    def count(self, user, *, theme_id=None):
        """How many items wait for `user` (read once per request: the menu, the panel and the tabs share it)."""
        if not user.is_authenticated:
            return 0
        return memoise(
            ("moderation-queue-count", self.slug, user.pk, theme_id),
            lambda: self.queryset(user, theme_id=theme_id).count(),
        )


QUEUES = {
    queue.slug: queue
    for queue in [
        Queue(
            slug="lidmaatschappen",
            label=_("Membership requests"),
            model=Membership,
            theme_field="theme_id",
            pending=_pending_memberships,
            rows=lambda qs: qs.select_related("theme", "user", "on_behalf_of").order_by("created_at", "pk"),
            approve=lambda obj, by: services.membership_approve(membership=obj, by=by),
            reject=lambda obj, by, reason: services.membership_reject(membership=obj, by=by, reason=reason),
        ),
        Queue(
            slug="berichten",
            label=_("Posts"),
            model=Post,
            theme_field="theme_id",
            pending=_pending_posts,
            rows=lambda qs: (
                qs.select_related("theme", "page", "author", "on_behalf_of", "category")
                .annotate(attachment_count=_attachment_count("post"))
                .order_by("created_at", "pk")
            ),
            approve=lambda obj, by: services.post_approve(post=obj, by=by),
            reject=lambda obj, by, reason: services.post_reject(post=obj, by=by, reason=reason),
        ),
        Queue(
            slug="reacties",
            label=_("Reactions"),
            model=Reaction,
            theme_field="post__theme_id",
            pending=_pending_reactions,
            rows=lambda qs: (
                qs.select_related("post", "post__theme", "author", "on_behalf_of")
                .annotate(attachment_count=_attachment_count("reaction"))
                .order_by("created_at", "pk")
            ),
            approve=lambda obj, by: services.reaction_approve(reaction=obj, by=by),
            reject=lambda obj, by, reason: services.reaction_reject(reaction=obj, by=by, reason=reason),
        ),
    ]
}
