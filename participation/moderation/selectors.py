"""Reads of the public moderation that cross a permission boundary: open reports and blocks, as far as the person
may know them (``visible_to``)."""

from django.db.models import Q
from wagtail.models import Page

from core.models import User
from participation.access import MODERATING_ROLES, access_for
from participation.moderation.models import Block, Report
from participation.posts.models import Reaction
from participation.posts.selectors import post_for


def item_for(user, *, post_id=None, reaction_id=None):
    """``(post, reaction)``: the post `post_id` (reaction None) or the reaction `reaction_id` with its post, if `user`
    may see them; else None (missing and invisible alike)."""
    if reaction_id is not None:
        reaction = Reaction.objects.visible_to(user).filter(pk=reaction_id).select_related("post").first()
        if reaction is None:
            return None
        post = post_for(user, reaction.post_id)
        return (post, reaction) if post is not None else None
    post = post_for(user, post_id)
    return (post, None) if post is not None else None


def open_reports_for(user, post):
    """Open reports (Melden) on `post` and its reactions, for its moderators' eyes on the post page:
    ``{"post" or "reaction-<pk>": [reports]}``; empty for everyone else."""
    if not access_for(user).moderates(post.page_id):
        return {}
    grouped = {}
    for report in Report.objects.visible_to(user).open().filter(post=post).order_by("created_at"):
        grouped.setdefault(f"reaction-{report.reaction_id}" if report.reaction_id else "post", []).append(report)
    return grouped


def blocked_user_ids(*, theme, user):
    """The people blocked in `theme`, as far as `user` may know (moderators: all; a member: only themselves)."""
    return set(Block.objects.visible_to(user).filter(theme=theme).values_list("user_id", flat=True))


def moderator_ids_among(*, theme, user_ids):
    """Which of `user_ids` moderate `theme` (a moderator or organisation admin on it or above it, or a superadmin):
    the people a moderator cannot block. One query, for a members list."""
    if not user_ids:
        return set()
    paths = [theme.path[:end] for end in range(Page.steplen, len(theme.path) + 1, Page.steplen)]
    role_holders = Q(role_assignments__role__in=MODERATING_ROLES, role_assignments__page__path__in=paths)
    return set(
        User.objects.filter(Q(is_superuser=True) | role_holders, pk__in=list(user_ids))
        .values_list("pk", flat=True)
        .distinct()
    )
