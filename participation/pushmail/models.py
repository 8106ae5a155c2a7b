"""Push mail (issue 4 §6, seed 000): a message a moderator — or a member, where the theme allows it — sends to a
chosen selection of the theme's approved members.

Re-exported by ``participation/models.py`` so Django registers it with the participation app.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PushMailSelection(models.TextChoices):
    ALL = "all", _("All members")
    ORGANISATIONS = "organisations", _("Members of chosen organisations")
    MEMBERS = "members", _("Members I pick")


class PushMailQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Push mails `user` may look at afterwards: the ones they sent (a superadmin sees all)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(sender_id=user.pk)


class PushMail(models.Model):
    """One push mail: what was sent, by whom, to whom (``recipient_ids``, fixed when it was sent). The e-mails
    themselves are outbox rows with the key ``pushmail:<id>``, written by a background task after commit."""

    theme = models.ForeignKey("wg_themes.ThemePage", on_delete=models.CASCADE, related_name="push_mails")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    key = models.CharField(max_length=64, unique=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"))
    selection = models.CharField(_("recipients"), max_length=20, choices=PushMailSelection.choices)
    organisation_names = models.JSONField(default=list, blank=True)
    recipient_ids = models.JSONField(default=list)
    recipient_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    expanded_at = models.DateTimeField(null=True, blank=True)

    objects = PushMailQuerySet.as_manager()

    class Meta:
        verbose_name = _("push mail")
        verbose_name_plural = _("push mails")
        indexes = [models.Index(fields=["sender", "-created_at"], name="pushmail_sender_created")]

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("participation:push_mail_detail", args=[self.pk])

    @property
    def outbox_key(self):
        return f"pushmail:{self.pk}"
