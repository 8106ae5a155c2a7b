"""What a theme shows outside the site: only what an anonymous visitor may see (``visible_to(AnonymousUser())``),
whoever asks."""

from django.contrib.auth.models import AnonymousUser

from participation.access import access_for
from participation.posts.models import Post
from themes.models import ThemePage

ANONYMOUS = AnonymousUser()


def public_theme(theme_id):
    """The live theme `theme_id` if anyone may see it (not a subtheme), else None."""
    group = access_for(ANONYMOUS).pages.get(int(theme_id))
    if group is None or not group.visible or group.theme_id != int(theme_id):
        return None
    return ThemePage.objects.live().filter(pk=theme_id).first()


def public_posts(theme, limit):
    """The newest `limit` posts of `theme` (its subthemes' included) that an anonymous visitor may read."""
    return list(
        Post.objects.visible_to(ANONYMOUS)
        .filter(theme=theme)
        .select_related("author", "category", "page", "on_behalf_of")
        .order_by("-sort_at", "-pk")[:limit]
    )
