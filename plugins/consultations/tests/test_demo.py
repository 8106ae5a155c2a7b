"""The demo: `make demo` runs seed_demo_consultations after seed_demo; "Begroting 2027" gets a budget vote and an
enquête through the plugin's own command, twice without doubles."""

from io import StringIO

import pytest
from django.core.management import call_command

from werkgroepen_consultations.consultation.models import ConsultationPage


@pytest.mark.django_db
def test_seed_demo_consultations_gives_begroting_2027_a_budget_vote_and_an_enquete():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_consultations", stdout=StringIO())
    call_command("seed_demo_consultations", stdout=StringIO())
    pages = ConsultationPage.objects.filter(path__startswith=_theme_path()).order_by("title")
    assert [(p.kind, p.vote_mode) for p in pages] == [("vote", "budget"), ("survey", "one")]
    vote = pages[0]
    assert vote.budget == 250000 and vote.vote_options.count() == 5 and vote.live
    assert pages[1].questions.filter(condition_question=1).exists()
    assert "werkgroepen_consultations" in vote.organisation.enabled_plugin_labels()


def _theme_path():
    from themes.models import ThemePage

    return ThemePage.objects.get(title="Begroting 2027").path
