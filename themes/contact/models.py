"""Messages sent through a theme's contact form."""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMessage(models.Model):
    """A message sent through a theme's contact form (seed 000); e-mailed to the theme's moderators."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="contact_messages")
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail address"))
    message = models.TextField(_("message"), validators=[MaxLengthValidator(5000)])
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} → {self.page}"
