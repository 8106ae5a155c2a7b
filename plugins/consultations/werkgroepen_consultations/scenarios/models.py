"""Scenarioplanning: two to five scenarios with text, an image and figures; each ballot ranks them all."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable


class Scenario(Orderable):
    page = ParentalKey("werkgroepen_consultations.ConsultationPage", on_delete=models.CASCADE, related_name="scenarios")
    title = models.CharField(_("title"), max_length=200)
    text = RichTextField(_("text"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    figures = models.TextField(
        _("figures"), blank=True, help_text=_("One per line, e.g. 'Kostprijs: 2,4 miljoen euro'.")
    )

    panels = [FieldPanel("title"), FieldPanel("text"), FieldPanel("image"), FieldPanel("figures")]

    class Meta(Orderable.Meta):
        verbose_name = _("scenario")

    def __str__(self):
        return self.title

    def figure_list(self):
        return [line.strip() for line in self.figures.splitlines() if line.strip()]


class ScenarioRank(models.Model):
    ballot = models.ForeignKey(
        "werkgroepen_consultations.Ballot", on_delete=models.CASCADE, related_name="scenario_ranks"
    )
    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="ranks")
    rank = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "scenario"], name="consultations_rank_scenario_once"),
            models.UniqueConstraint(fields=["ballot", "rank"], name="consultations_rank_once"),
        ]
        indexes = [models.Index(fields=["scenario", "rank"], name="consultations_rank_count")]

    def __str__(self):
        return f"{self.scenario_id}: {self.rank}"
