"""Reads of the home page's activity panel: the latest posts an anonymous visitor may read below a home page.

They start from ``Post.objects.visible_to(AnonymousUser())`` whoever looks, so the panel never names a waiting,
shielded, members-only, hidden-theme or unpublished-page post, and it is one shared result for every viewer
(a signed-in member sees the same list, not their own private posts)."""

from django.contrib.auth.models import AnonymousUser

from participation.posts.models import Post

RECENT = 5


def recent_public_posts(home, *, limit=RECENT):
    """The `limit` most recently published public posts in the organisations below `home`, newest first, with
    their theme: one query whatever the number of posts (PERF-01), sorted on the indexed ``sort_at``."""
    return list(
        Post.objects.visible_to(AnonymousUser())
        .filter(theme__path__startswith=home.path)
        .select_related("theme")
        .only("pk", "title", "published_at", "sort_at", "theme__title")
        .order_by("-sort_at", "-id")[:limit]
    )
