"""Ruimtelijk plan: pins people drop on the plan's image (position in percent of its width and height), and the
reactions to them."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class Pin(models.Model):
    consultation = models.ForeignKey(
        "werkgroepen_consultations.ConsultationPage", on_delete=models.CASCADE, related_name="pins"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    x = models.DecimalField(max_digits=5, decimal_places=2)  # 0–100: percent of the plan's width, from the left
    y = models.DecimalField(max_digits=5, decimal_places=2)  # 0–100: percent of the plan's height, from the top
    category = models.CharField(max_length=80)
    comment = models.TextField()
    hidden = models.BooleanField(default=False)  # hidden from the public by a moderator
    created_at = models.DateTimeField(default=timezone.now)
    reaction_count = models.PositiveIntegerField(default=0)  # kept by the service that adds a reaction

    class Meta:
        indexes = [models.Index(fields=["consultation", "hidden", "id"], name="consultations_pin_list")]

    def __str__(self):
        return f"{self.category}: {self.comment[:40]}"


class PinReaction(models.Model):
    pin = models.ForeignKey(Pin, on_delete=models.CASCADE, related_name="reactions")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField()
    hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["pin", "id"], name="consultations_reaction_list")]

    def __str__(self):
        return self.text[:40]
