"""An enquête: questions the editor sets on the consultation page, in sections, and the answers of each ballot."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import Orderable


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    SCALE5 = "scale5", _("Scale 1–5")
    SCALE10 = "scale10", _("Scale 1–10")
    RANKING = "ranking", _("Ranking")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    DATE = "date", _("Date")
    YES_NO = "yes_no", _("Yes or no")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.RANKING}
COUNTED_KINDS = CHOICE_KINDS | {QuestionKind.SCALE5, QuestionKind.SCALE10, QuestionKind.YES_NO}
OPEN_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}


class Question(Orderable):
    """One question of an enquête. Questions are numbered by their place (1, 2, 3 …): a condition names the number
    of an earlier question and the answer that shows this one ("show if question 3 is yes")."""

    page = ParentalKey("werkgroepen_consultations.ConsultationPage", on_delete=models.CASCADE, related_name="questions")
    section = models.CharField(
        _("section"), max_length=120, blank=True, help_text=_("A new section starts where this title changes.")
    )
    text = models.CharField(_("question"), max_length=300)
    help = models.CharField(_("explanation"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=QuestionKind.choices, default=QuestionKind.SINGLE)
    required = models.BooleanField(_("required"), default=False)
    choices = models.TextField(
        _("choices"), blank=True, help_text=_("One per line (single, multiple choice, ranking).")
    )
    max_choices = models.PositiveSmallIntegerField(
        _("at most"), null=True, blank=True, validators=[MinValueValidator(1)], help_text=_("Multiple choice.")
    )
    condition_question = models.PositiveSmallIntegerField(
        _("show only if question number"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    condition_answer = models.CharField(
        _("has the answer"), max_length=120, blank=True, help_text=_("A choice as written above, or 'ja' / 'nee'.")
    )

    panels = [
        FieldPanel("section"),
        FieldPanel("text"),
        FieldPanel("help"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("choices"),
        FieldPanel("max_choices"),
        FieldRowPanel([FieldPanel("condition_question"), FieldPanel("condition_answer")], heading=_("Condition")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")

    def __str__(self):
        return self.text

    def choice_list(self):
        if self.kind == QuestionKind.YES_NO:
            return [str(_("no")), str(_("yes"))]
        if self.kind == QuestionKind.SCALE5:
            return [str(n) for n in range(1, 6)]
        if self.kind == QuestionKind.SCALE10:
            return [str(n) for n in range(1, 11)]
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class Answer(models.Model):
    """One answer of a ballot to a question. ``choice`` is the index of the chosen line (a scale value minus one,
    yes = 1 / no = 0); multiple choice and ranking give one row per chosen line (ranking with its ``rank``)."""

    ballot = models.ForeignKey("werkgroepen_consultations.Ballot", on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.SmallIntegerField(null=True, blank=True)
    rank = models.SmallIntegerField(null=True, blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    date = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    hidden = models.BooleanField(default=False)  # an open answer a moderator hid from the public results

    class Meta:
        indexes = [models.Index(fields=["question", "choice", "rank"], name="consultations_answer_count")]

    def __str__(self):
        return f"answer to {self.question_id}"


class SurveyDraft(models.Model):
    """What a signed-in person typed so far ("save and continue later"): the form's data, as posted."""

    consultation = models.ForeignKey(
        "werkgroepen_consultations.ConsultationPage", on_delete=models.CASCADE, related_name="drafts"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["consultation", "user"], name="consultations_one_draft")]

    def __str__(self):
        return f"draft of {self.user_id} for {self.consultation_id}"
