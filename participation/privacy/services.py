"""Erasing participation's personal data when an account is deleted (hook ``register_user_data``). Discussions stay
readable: posts and reactions stay, their author becomes "deleted user" when the account row goes (``SET_NULL``);
stars go, with the counters they feed; memberships go with the account (``CASCADE``). Runs inside the caller's
transaction."""

from django.db.models import F

from participation.posts.models import Post, Star
from participation.posts.selectors import activity_changed


def erase_user_data(user):
    """Remove `user`'s stars and lower the counters of the posts they starred."""
    starred = list(Star.objects.filter(user=user).values_list("post_id", "post__theme_id"))
    if starred:
        Star.objects.filter(user=user).delete()
        Post.objects.filter(pk__in=[post_id for post_id, _theme in starred]).update(star_count=F("star_count") - 1)
        for theme_id in {theme for _post, theme in starred}:
            activity_changed(theme_id)
