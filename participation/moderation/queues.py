"""The moderators' queues in the administration: what waits for a decision, scoped to who looks.

Every queue starts from the model's ``visible_to(user)`` and narrows it to the pages `user` moderates
(participation.access: moderators and organisation admins on the page or an ancestor; superadmins everywhere).
Decisions go through the rooms' services (groups, posts, moderation), which check the moderator again, write the audit log and
tell the author. A queue is a small object so the views, the dashboard panel, the menu count and the
``register_moderation_queue`` hook all read the same definition.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, Min, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.ids import id_from
from core.request_cache import memoise
from participation.access import MembershipStatus, PostStatus, access_for
from participation.groups import services as group_services
from participation.groups.models import Membership
from participation.moderation import services
from participation.moderation.models import Report, ReportReason, ReportStatus
from participation.posts import services as post_services
from participation.posts.models import Attachment, Post, Reaction


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


def item_label(item):
    """A short name of a queue item for people."""
    if isinstance(item, Membership):
        return _("membership request of %(name)s") % {"name": item.user.display_name}
    if isinstance(item, Post):
        return _("post “%(title)s”") % {"title": item.title}
    return _("reaction on “%(title)s”") % {"title": item.post.title}


def history_url(item):
    """The admin page with the audit log of a membership, post or reaction."""
    kind = "lidmaatschap" if isinstance(item, Membership) else "bericht" if isinstance(item, Post) else "reactie"
    return reverse("participation_moderation:history", args=[kind, item.pk])


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

    approve_label = _("Approve")
    reject_label = _("Refuse")

    def parse_ids(self, values):
        # Posted by the form, so anything: "²" passes isdigit() but not int(), 2**63 is no id (issue 9).
        return sorted({number for value in values if (number := id_from(str(value))) is not None})

    def decorate(self, items):
        """The page's items, each with a short label for people (screen readers read it beside the buttons)."""
        items = list(items)
        for item in items:
            item.moderation_label = item_label(item)
            item.history_url = history_url(item)
        return items

    def lookup(self, user, ids):
        """The items of `ids` that wait for `user` (anything else is left out: refused)."""
        return self.decorate(self.rows(self.queryset(user).filter(pk__in=ids)).order_by("pk"))

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
            approve=lambda obj, by: group_services.membership_approve(membership=obj, by=by),
            reject=lambda obj, by, reason: group_services.membership_reject(membership=obj, by=by, reason=reason),
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
            approve=lambda obj, by: post_services.post_approve(post=obj, by=by),
            reject=lambda obj, by, reason: post_services.post_reject(post=obj, by=by, reason=reason),
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
            approve=lambda obj, by: post_services.reaction_approve(reaction=obj, by=by),
            reject=lambda obj, by, reason: post_services.reaction_reject(reaction=obj, by=by, reason=reason),
        ),
    ]
}


class ReportQueue:
    """Reported posts and reactions, one row per item with its open reports grouped (how many, which reasons,
    the members' explanations, never who reported). Keep online dismisses the reports (and unhides the item);
    remove refuses the item with a reason for its author. Both through the report services."""

    slug = "meldingen"
    label = _("Reports")
    approve_label = _("Keep online")
    reject_label = _("Remove")

    def parse_ids(self, values):
        return sorted({str(value) for value in values if re.fullmatch(r"[pr][0-9]{1,18}", str(value))})

    def queryset(self, user, *, theme_id=None):
        if not is_moderator(user):
            return Report.objects.none().values("post_id")
        access = access_for(user)
        qs = Report.objects.visible_to(user, access=access).filter(status=ReportStatus.OPEN)
        if not access.is_superuser:
            # Reports they filed themselves elsewhere are visible to them, but not theirs to decide.
            qs = qs.filter(post__page_id__in=access.moderated_page_ids)
        if theme_id is not None:
            qs = qs.filter(theme_id=theme_id)
        return (
            qs.values("post_id", "reaction_id")
            .annotate(report_count=Count("pk"), first_reported=Min("created_at"))
            .order_by("first_reported", "post_id", "reaction_id")
        )

    def count(self, user, *, theme_id=None):
        if not user.is_authenticated:
            return 0
        return memoise(
            ("moderation-queue-count", self.slug, user.pk, theme_id),
            lambda: self.queryset(user, theme_id=theme_id).count(),
        )

    def rows(self, qs):
        return qs

    def decorate(self, groups):
        """The page's groups as rows: the item, its theme and author, the reasons and explanations (3 queries)."""
        groups = list(groups)
        post_ids = {g["post_id"] for g in groups if g["reaction_id"] is None}
        reaction_ids = {g["reaction_id"] for g in groups if g["reaction_id"] is not None}
        posts = Post.objects.select_related("theme", "page", "author").in_bulk(post_ids) if post_ids else {}
        reactions = (
            Reaction.objects.select_related("post", "post__theme", "author").in_bulk(reaction_ids)
            if reaction_ids
            else {}
        )
        details = {}
        if groups:
            condition = Q(reaction_id__in=reaction_ids) | Q(post_id__in=post_ids, reaction__isnull=True)
            for post_id, reaction_id, reason, text in (
                Report.objects.filter(condition, status=ReportStatus.OPEN)
                .order_by("created_at", "pk")
                .values_list("post_id", "reaction_id", "reason", "text")
            ):
                key = f"r{reaction_id}" if reaction_id else f"p{post_id}"
                entry = details.setdefault(key, {"reasons": {}, "texts": []})
                entry["reasons"][reason] = entry["reasons"].get(reason, 0) + 1
                if text:
                    entry["texts"].append(text)
        labels = dict(ReportReason.choices)
        rows = []
        for group in groups:
            if group["reaction_id"] is not None:
                key, item = f"r{group['reaction_id']}", reactions.get(group["reaction_id"])
            else:
                key, item = f"p{group['post_id']}", posts.get(group["post_id"])
            if item is None:
                continue
            post = item.post if isinstance(item, Reaction) else item
            entry = details.get(key, {"reasons": {}, "texts": []})
            rows.append(
                ReportRow(
                    pk=key,
                    item=item,
                    post=post,
                    is_reaction=isinstance(item, Reaction),
                    report_count=group["report_count"],
                    created_at=group["first_reported"],
                    reasons=[(labels.get(code, code), n) for code, n in entry["reasons"].items()],
                    texts=entry["texts"],
                    hidden=item.status == PostStatus.HIDDEN,
                    moderation_label=item_label(item),
                    history_url=history_url(item),
                )
            )
        return rows

    def lookup(self, user, keys):
        """The rows of `keys` that wait for `user` (anything else is left out: refused)."""
        post_ids = [int(key[1:]) for key in keys if key.startswith("p")]
        reaction_ids = [int(key[1:]) for key in keys if key.startswith("r")]
        if not post_ids and not reaction_ids:
            return []
        groups = self.queryset(user).filter(
            Q(reaction_id__in=reaction_ids) | Q(post_id__in=post_ids, reaction__isnull=True)
        )
        return self.decorate(groups)

    def approve(self, row, by):
        target = {"reaction": row.item} if row.is_reaction else {"post": row.item}
        return services.report_keep(by=by, **target)

    def reject(self, row, by, reason):
        target = {"reaction": row.item} if row.is_reaction else {"post": row.item}
        return services.report_remove(by=by, reason=reason, **target)


@dataclass
class ReportRow:
    pk: str
    item: Any
    post: Any
    is_reaction: bool
    report_count: int
    created_at: Any
    reasons: list
    texts: list
    hidden: bool
    moderation_label: str = ""
    history_url: str = ""

    @property
    def body(self):
        return self.item.body

    def get_absolute_url(self):
        return self.item.get_absolute_url()


QUEUES[ReportQueue.slug] = ReportQueue()
