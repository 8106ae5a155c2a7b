from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    """The working groups: memberships, posts, reactions, stars and attachments, moderation, push mail, digests,
    observer updates and feeds, one room (package) each. Hooks are wired in ``wagtail_hooks.py`` only."""

    name = "participation"
    label = "participation"
    verbose_name = _("Participation")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported here, not at the top: Django loads the models only once every app is ready. Only cache
        # invalidation is connected here; no hook is registered (wagtail_hooks.py wires them).
        from participation.posts.models import Post, PostAudience, PostFilterOption
        from participation.posts.selectors import post_changed

        for sender in (Post, PostFilterOption, PostAudience):
            post_save.connect(post_changed, sender=sender, dispatch_uid=f"facets-save-{sender.__name__}")
            post_delete.connect(post_changed, sender=sender, dispatch_uid=f"facets-delete-{sender.__name__}")
