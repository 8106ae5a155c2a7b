# ruff: noqa: F811 - the fixtures imported from the site's tests/conftest.py are used as fixture arguments
"""Fixtures for the consultations plugin: a theme of an organisation that switched the plugin on, and one
consultation of each kind."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.roles.models import Role
from core.roles.services import assign_role
from participation.factories import membership
from tests.conftest import (  # noqa: F401 - the site's fixtures (this folder is outside tests/)
    _fresh_cache,
    home,
    make_user,
    member,
    organisation,
    other_organisation,
    superadmin,
    theme,
    user_factory,
)
from tests.fixtures.browser import pytest_runtest_teardown  # noqa: F401 - gives Wagtail's tree back after a flush
from tests.fixtures.language import _site_language  # noqa: F401 - every test starts in nl-BE (run alone too)
from themes.factories import image
from werkgroepen_consultations.factories import consultation, switch_on
from werkgroepen_consultations.surveys.models import QuestionKind


@pytest.fixture
def enabled(organisation):
    switch_on(organisation)
    return organisation


@pytest.fixture
def theme_member(theme):
    user = make_user("inwoner@example.org", "Inwoner")
    membership(user=user, theme=theme)
    return user


@pytest.fixture
def outsider(db):
    return make_user("buiten@example.org", "Buitenstaander")


@pytest.fixture
def moderator(theme):
    user = make_user("moderator@example.org", "Moderator")
    assign_role(user=user, role=Role.MODERATOR, page=theme, by=None)
    return user


@pytest.fixture
def observer(organisation):
    user = make_user("observator@example.org", "Observator")
    assign_role(user=user, role=Role.OBSERVER, page=organisation, by=None)
    return user


@pytest.fixture
def budget_vote(enabled, theme):
    return consultation(
        parent=theme,
        title="Burgerbudget",
        kind="vote",
        vote_mode="budget",
        budget=100000,
        audience="theme_members",
        results_policy="live",
        options=[("Speeltuin", 60000), ("Fietsenstalling", 30000), ("Bankjes", 15000)],
    )


@pytest.fixture
def survey(enabled, theme):
    return consultation(
        parent=theme,
        title="Enquête mobiliteit",
        kind="survey",
        audience="signed_in",
        results_policy="after_closing",
        questions=[
            {"section": "Jij", "text": "Heb je een fiets?", "kind": QuestionKind.YES_NO, "required": True},
            {
                "section": "Jij",
                "text": "Hoe vaak fiets je?",
                "kind": QuestionKind.SINGLE,
                "required": True,
                "choices": "Dagelijks\nWekelijks\nZelden",
                "condition_question": 1,
                "condition_answer": "ja",
            },
            {
                "section": "Wensen",
                "text": "Wat mist er?",
                "kind": QuestionKind.MULTIPLE,
                "choices": "Stallingen\nVerlichting\nBanken",
                "max_choices": 2,
            },
            {"section": "Wensen", "text": "Rangschik", "kind": QuestionKind.RANKING, "choices": "Veilig\nSnel\nGroen"},
            {"section": "Wensen", "text": "Tevreden?", "kind": QuestionKind.SCALE5},
            {"section": "Wensen", "text": "Opmerkingen", "kind": QuestionKind.LONG_TEXT},
            {"section": "Wensen", "text": "Kilometers per week", "kind": QuestionKind.NUMBER},
            {"section": "Wensen", "text": "Sinds wanneer?", "kind": QuestionKind.DATE},
            {"section": "Wensen", "text": "Je wijk", "kind": QuestionKind.SHORT_TEXT},
            {"section": "Wensen", "text": "Aantal fietsen", "kind": QuestionKind.SCALE10},
        ],
    )


@pytest.fixture
def scenario_planning(enabled, theme):
    return consultation(
        parent=theme,
        title="Toekomst marktplein",
        kind="scenarios",
        audience="signed_in",
        results_policy="live",
        scenarios=[
            {"title": "Groen plein", "figures": "Kostprijs: 2 miljoen"},
            {"title": "Parking blijft"},
            {"title": "Evenementenplein"},
        ],
    )


@pytest.fixture
def plan(enabled, theme):
    return consultation(
        parent=theme,
        title="Ruimtelijk plan centrum",
        kind="plan",
        audience="signed_in",
        results_policy="live",
        plan_image=image(title="Plan centrum", width=400, height=300),
        pin_categories="Idee\nProbleem",
    )


@pytest.fixture
def closed(budget_vote):
    """The budget vote, closed an hour ago."""
    now = timezone.now()
    type(budget_vote).objects.filter(pk=budget_vote.pk).update(
        opens_at=now - timedelta(days=8), closes_at=now - timedelta(hours=1)
    )
    budget_vote.refresh_from_db()
    return budget_vote


@pytest.fixture(autouse=True)
def _english_messages():
    """Service tests read the English msgids; page tests read the Dutch the request renders (LocaleMiddleware)."""
    from django.utils import translation

    with translation.override("en"):
        yield
