"""Reads of the moderator's digest: the posts a moderator may pick, and who receives which of them.

Each member only receives the posts they may see: the rule of :mod:`participation.access` for an approved member,
applied to all members at once (a fixed number of queries whatever the number of members or posts):

* the post is published and its page is visible to a person without roles (live, not hidden);
* a shielded post only to the members the author picked, and to its author;
* a members' post written for the members a moderator admitted (closed or mixed theme) not to a member who
  joined at once, the theme having become open, after it was written.

People with roles may see more (a moderator sees shielded posts); the digest never gives them more than a plain
member would get, so it can never give anyone too much. ``tests/participation/theme_digests/test_digests.py``
checks this rule against ``Post.objects.visible_to`` for every recipient.
"""

from django.contrib.auth.models import AnonymousUser
from django.db.models.functions import Coalesce

from core.models import User
from participation.access import ADMITTED_MEMBERSHIP, MembershipStatus, PostStatus, Section, access_for
from participation.groups.models import Membership
from participation.posts.models import Post, PostAudience
from participation.theme_digests.models import Digest

CANDIDATE_LIMIT = 100


def candidates(*, theme, user):
    """The posts a moderator may put in a digest: the newest published posts of the theme and its subthemes that
    the moderator sees (``visible_to``), with what the form shows (page, stars, reactions)."""
    return (
        Post.objects.visible_to(user)
        .filter(theme_id=theme.pk, status=PostStatus.PUBLISHED)
        .select_related("page")
        .order_by("-sort_at", "-id")[:CANDIDATE_LIMIT]
    )


def _open_pages(posts):
    """Ids of the pages of `posts` that a person without roles may see (live and not hidden)."""
    pages = access_for(AnonymousUser()).pages
    return {post.page_id for post in posts if post.page_id in pages and pages[post.page_id].visible}


def plan(*, theme, posts, exclude=None):
    """``[(member, [posts they may see])]`` for the approved, active members of `theme` (minus `exclude`), in a
    fixed number of queries; members who may see none of `posts` are left out."""
    posts = [post for post in posts if post.status == PostStatus.PUBLISHED and post.theme_id == theme.pk]
    if not posts:
        return []
    open_pages = _open_pages(posts)
    audience = {}
    for post_id, user_id in PostAudience.objects.filter(post_id__in=[p.pk for p in posts]).values_list(
        "post_id", "user_id"
    ):
        audience.setdefault(post_id, set()).add(user_id)
    members = User.objects.filter(
        is_active=True, memberships__theme_id=theme.pk, memberships__status=MembershipStatus.APPROVED
    ).order_by("pk")
    if exclude is not None:
        members = members.exclude(pk=exclude.pk)
    joined_at_once = dict(
        Membership.objects.filter(theme_id=theme.pk, status=MembershipStatus.APPROVED, joined_at_once=True).values_list(
            "user_id", Coalesce("decided_at", "created_at")
        )
    )
    result = []
    for member in members:
        since = joined_at_once.get(member.pk)
        seen = [
            post
            for post in posts
            if post.page_id in open_pages
            and (not post.shielded or member.pk in audience.get(post.pk, ()) or post.author_id == member.pk)
            and (
                since is None
                or post.section != Section.MEMBERS
                or post.theme_type_at_writing not in ADMITTED_MEMBERSHIP
                or post.created_at >= since
                or post.author_id == member.pk
            )
        ]
        if seen:
            result.append((member, seen))
    return result


def sent_to(theme, user, *, limit):
    """The digests sent to `theme` that `user` may see afterwards, newest first."""
    return (
        Digest.objects.visible_to(user)
        .filter(theme_id=theme.pk)
        .select_related("sender")
        .order_by("-sent_at", "-id")[:limit]
    )


def digest_for(user, pk):
    """The digest `pk` if `user` may see it (its sender, the theme's moderators), else None."""
    return Digest.objects.visible_to(user).select_related("sender", "theme").filter(pk=pk).first()


def digest_posts(digest, user):
    """The posts of `digest` that `user` may still see, newest first."""
    return digest.posts.visible_to(user).order_by("-sort_at", "-id")
