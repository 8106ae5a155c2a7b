"""Stemmen: options the moderator sets, and the options each ballot chose."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable


class VoteOption(Orderable):
    """An option of a vote; ``cost`` counts for a budget vote (participatory budgeting)."""

    page = ParentalKey(
        "werkgroepen_consultations.ConsultationPage", on_delete=models.CASCADE, related_name="vote_options"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    cost = models.PositiveIntegerField(_("cost"), default=0, help_text=_("Only for a budget vote, in euro."))

    panels = [FieldPanel("title"), FieldPanel("description"), FieldPanel("cost")]

    class Meta(Orderable.Meta):
        verbose_name = _("option")

    def __str__(self):
        return self.title


class VoteChoice(models.Model):
    ballot = models.ForeignKey(
        "werkgroepen_consultations.Ballot", on_delete=models.CASCADE, related_name="vote_choices"
    )
    option = models.ForeignKey(VoteOption, on_delete=models.CASCADE, related_name="choices")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "option"], name="consultations_vote_once")]
        indexes = [models.Index(fields=["option"], name="consultations_vote_option")]

    def __str__(self):
        return f"{self.ballot_id}: {self.option_id}"
