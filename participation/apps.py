from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """Memberships, posts, reactions, stars and attachments of the working groups."""

    name = "participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from participation import (
            pushmail_hooks,  # noqa: F401  (push mail's notification type and theme tab)
            user_data,  # noqa: F401  (registers the register_user_data hook)
        )
        from participation.models import Post, PostAudience, PostFilterOption

        for sender in (Post, PostFilterOption, PostAudience):
            post_save.connect(_post_changed, sender=sender, dispatch_uid=f"facets-save-{sender.__name__}")
            post_delete.connect(_post_changed, sender=sender, dispatch_uid=f"facets-delete-{sender.__name__}")


def _post_changed(sender, instance, **kwargs):
    """A post (or its filters or audience) changed: its theme's cached facet counts are stale. A new version starts
    at once and again after commit, so a reader between the two cannot keep a count of the old rows."""
    from django.db import transaction

    from participation.models import Post
    from participation.selectors import new_content_version

    theme_id = (
        instance.theme_id
        if isinstance(instance, Post)
        else Post.objects.filter(pk=instance.post_id).values_list("theme_id", flat=True).first()
    )
    if theme_id is None:
        return
    new_content_version(theme_id)
    transaction.on_commit(lambda: new_content_version(theme_id))
