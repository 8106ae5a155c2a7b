"""Demo consultations (after ``seed_demo``; run by ``make demo``). Idempotent.

Switches the plugin on for Gemeente Houtem and gives its theme "Begroting 2027" (seed 001: "Inwoners kiezen mee
welke projecten voorrang krijgen") a participatory-budgeting vote and an enquête with a condition. The theme is
temporarily hidden in the demo, so only people with a role on Houtem see them until an editor makes it public.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from themes.models import ThemePage
from werkgroepen_consultations.consultation.models import ConsultationPage
from werkgroepen_consultations.factories import consultation, switch_on
from werkgroepen_consultations.surveys.models import QuestionKind

THEME = "Begroting 2027"
VOTE = "Burgerbudget 2027"
SURVEY = "Enquête: jouw prioriteiten voor 2027"


class Command(BaseCommand):
    help = "Add the demo consultations (a budget vote and an enquête) to the theme 'Begroting 2027'."

    @transaction.atomic
    def handle(self, *args, **options):
        theme = ThemePage.objects.filter(title=THEME).first()
        if theme is None:
            self.stdout.write(f"No theme '{THEME}': run seed_demo first.")
            return
        switch_on(theme.organisation)
        now = timezone.now()
        existing = set(ConsultationPage.objects.child_of(theme).values_list("title", flat=True))
        if VOTE not in existing:
            consultation(
                parent=theme,
                title=VOTE,
                kind="vote",
                intro="<p>Je krijgt 250.000 euro. Kies de projecten die jij in 2027 wilt zien.</p>",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
                audience="signed_in",
                results_policy="live",
                vote_mode="budget",
                budget=250000,
                options=[
                    ("Nieuwe speeltuin in het Stadspark", 120000),
                    ("Veilige fietsstraat naar de scholen", 90000),
                    ("Extra bankjes en schaduw op het marktplein", 40000),
                    ("Renovatie van de jeugdlokalen", 110000),
                    ("Meer bomen in de woonwijken", 60000),
                ],
            )
        if SURVEY not in existing:
            consultation(
                parent=theme,
                title=SURVEY,
                kind="survey",
                intro="<p>Vijf minuten: help ons kiezen waar de begroting 2027 naartoe gaat.</p>",
                opens_at=now - timedelta(days=1),
                closes_at=now + timedelta(days=30),
                audience="signed_in",
                results_policy="after_closing",
                questions=[
                    {
                        "section": "Over jou",
                        "text": "Woon je in Houtem?",
                        "kind": QuestionKind.YES_NO,
                        "required": True,
                    },
                    {
                        "section": "Over jou",
                        "text": "In welke wijk woon je?",
                        "kind": QuestionKind.SINGLE,
                        "choices": "Centrum\nNoord\nZuid\nBuitengebied",
                        "required": True,
                        "condition_question": 1,
                        "condition_answer": "ja",
                    },
                    {
                        "section": "Jouw prioriteiten",
                        "text": "Rangschik deze domeinen: wat is het belangrijkst?",
                        "kind": QuestionKind.RANKING,
                        "choices": "Mobiliteit\nGroen\nJeugd\nZorg",
                        "required": True,
                    },
                    {
                        "section": "Jouw prioriteiten",
                        "text": "Hoe tevreden ben je over de vorige begroting?",
                        "kind": QuestionKind.SCALE5,
                    },
                    {
                        "section": "Jouw prioriteiten",
                        "text": "Wat wil je de gemeente nog meegeven?",
                        "kind": QuestionKind.LONG_TEXT,
                    },
                ],
            )
        self.stdout.write(f"Consultations in '{THEME}': {VOTE}, {SURVEY}.")
