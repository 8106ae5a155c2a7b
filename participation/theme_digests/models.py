"""Digests of interesting posts that a moderator composes for their theme's members (seed 000, issue 4 §7).

Re-exported by ``participation/models.py`` so Django registers them with the participation app.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participation.access import access_for


class DigestQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Digests `user` may see afterwards: the ones they sent, and all of the themes they moderate."""
        if not user.is_authenticated:
            return self.none()
        access = access_for(user)
        if access.is_superuser:
            return self.all()
        return self.filter(models.Q(sender_id=user.pk) | models.Q(theme_id__in=access.moderated_page_ids))


class Digest(models.Model):
    """A digest (overzicht) a moderator sent to the approved members of a theme: an introduction and the posts
    they picked. Each member received only the posts they may see; ``recipient_count`` is how many were mailed
    or told in their own daily or weekly digest."""

    theme = models.ForeignKey("wg_themes.ThemePage", on_delete=models.CASCADE, related_name="digests")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    posts = models.ManyToManyField("participation.Post", related_name="digests", verbose_name=_("posts"))
    sent_at = models.DateTimeField()
    recipient_count = models.PositiveIntegerField(default=0)
    # From the compose form: sending the same form twice (a double click, a resent request) sends one digest.
    key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)

    objects = DigestQuerySet.as_manager()

    class Meta:
        verbose_name = _("digest")
        verbose_name_plural = _("digests")
        indexes = [models.Index(fields=["theme", "-sent_at"], name="digest_theme_sent")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("participation:digest_detail", args=[self.pk])
