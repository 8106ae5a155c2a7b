"""The access log and the date fields read well on a phone and in Dutch (issue 15 §4): one card per entry
instead of a table that scrolls sideways; Dutch month names; dates typed day/month/year in both languages (an
English browser's date input showed "mm/dd/yyyy" and English Django read 04/12 as 12 April).

Requirements: SEC-14 (the access log is shown in full to the young person), WCAG 2.2 AA 1.4.10 (reflow).
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from trajectories import factories
from trajectories.audit.forms import AccessLogFilterForm
from trajectories.plan.forms import ActionForm

pytestmark = pytest.mark.django_db


def log_page(world, language, **query):
    client = Client(headers={"accept-language": language})
    client.force_login(world.users["young"])
    factories.goal(trajectory=world.space, author=world.seats["pro_a"])
    client.get(reverse("trajectories:plan", args=[world.space.pk]))  # reading the plan: entries of today
    return client.get(reverse("trajectories:access_log", args=[world.space.pk]), query).content.decode()


def test_the_access_log_is_a_list_of_cards_with_dutch_months(world):
    html = log_page(world, "nl")
    assert '<ol class="log-cards"' in html and "<table" not in html
    today = datetime.date.today()
    dutch = [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ][today.month - 1]
    assert f"{today.day} {dutch} {today.year}" in html
    english = log_page(world, "en")
    assert f"{today.day} {today.strftime('%B')} {today.year}" in english


@pytest.mark.parametrize("language", ["nl", "en"])
def test_dates_are_typed_and_shown_day_month_year_in_both_languages(world, language):
    from django.utils import translation

    with translation.override(language):
        form = AccessLogFilterForm({"start": "04/12/2026", "end": "2026-12-31"}, space=_space(world))
        assert form.is_valid(), form.errors
        assert form.cleaned_data["start"] == datetime.date(2026, 12, 4)  # never 12 April
        assert form.cleaned_data["end"] == datetime.date(2026, 12, 31)
        bound = AccessLogFilterForm(initial={"start": datetime.date(2026, 12, 4)}, space=_space(world))
        field = str(bound["start"])
        assert 'value="04/12/2026"' in field and 'type="text"' in field and 'inputmode="numeric"' in field
        wrong = AccessLogFilterForm({"start": "12/31/2026"}, space=_space(world))
        assert not wrong.is_valid()  # month 31: refused, not read as 12 December


def test_the_date_hint_is_dutch_in_dutch(world):
    from django.utils import translation

    with translation.override("nl"):
        field = str(ActionForm(space=_space(world), user=world.users["young"])["due_date"])
    assert 'placeholder="dd/mm/jjjj"' in field


def _space(world):
    from trajectories.spaces.selectors import space_for

    return space_for(world.users["young"], world.space.pk)
