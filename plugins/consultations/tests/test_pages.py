"""The consultation page and its forms through the test client: taking part, refusals with what was typed kept,
the theme tab, and the organisation switch (SEC-05: invisible and missing answer the same 404)."""

import pytest
from django.urls import reverse

from werkgroepen_consultations.consultation.models import Ballot
from werkgroepen_consultations.factories import switch_on


def option(page, title):
    return str(page.vote_options.get(title=title).pk)


def test_a_member_casts_a_budget_vote_through_the_page(client, budget_vote, theme_member):
    client.force_login(theme_member)
    page = client.get(budget_vote.url)
    assert "Speeltuin" in page.content.decode() and 'data-budget="100000"' in page.content.decode()
    response = client.post(
        reverse("consultations:vote", args=[budget_vote.pk]), {"option": [option(budget_vote, "Bankjes")]}
    )
    assert response.status_code == 302
    after = client.get(budget_vote.url).content.decode()
    assert "Je hebt deelgenomen" in after
    assert Ballot.objects.filter(user=theme_member).count() == 1


def test_over_budget_the_page_says_so_and_keeps_the_choice(client, budget_vote, theme_member):
    client.force_login(theme_member)
    chosen = [option(budget_vote, "Speeltuin"), option(budget_vote, "Fietsenstalling"), option(budget_vote, "Bankjes")]
    response = client.post(reverse("consultations:vote", args=[budget_vote.pk]), {"option": chosen})
    html = response.content.decode()
    assert response.status_code == 400
    assert "meer dan het budget" in html
    assert html.count("checked") == 3  # what was chosen stays chosen
    assert not Ballot.objects.exists()


def test_a_second_vote_answers_409_already_taken_part(client, budget_vote, theme_member):
    client.force_login(theme_member)
    url = reverse("consultations:vote", args=[budget_vote.pk])
    client.post(url, {"option": [option(budget_vote, "Bankjes")]})
    response = client.post(url, {"option": [option(budget_vote, "Speeltuin")]})
    assert response.status_code == 409
    assert "al deelgenomen" in response.content.decode()
    assert Ballot.objects.count() == 1


def test_the_closed_page_says_so_and_refuses_a_forged_post(client, closed, theme_member):
    client.force_login(theme_member)
    html = client.get(closed.url).content.decode()
    assert "Gesloten op" in html and 'name="option"' not in html
    response = client.post(reverse("consultations:vote", args=[closed.pk]), {"option": [option(closed, "Bankjes")]})
    assert response.status_code == 400 and "gesloten" in response.content.decode()
    assert not Ballot.objects.exists()


def test_the_theme_shows_a_consultations_tab(client, budget_vote, theme):
    html = client.get(theme.url + "?tab=raadplegingen").content.decode()
    assert "Raadplegingen" in html and "Burgerbudget" in html


def test_switched_off_nothing_of_it_anywhere(client, budget_vote, theme, theme_member, enabled):
    client.force_login(theme_member)
    switch_on(enabled, enabled=False)
    from django.core.cache import cache

    cache.clear()  # the tree cache: switching is a page publish in the admin, which empties it
    assert client.get(budget_vote.url).status_code == 404
    assert "Burgerbudget" not in client.get(theme.url + "?tab=raadplegingen").content.decode()
    assert (
        client.post(
            reverse("consultations:vote", args=[budget_vote.pk]), {"option": [option(budget_vote, "Bankjes")]}
        ).status_code
        == 404
    )
    assert client.get(reverse("consultations:export", args=[budget_vote.pk, "csv"])).status_code == 404
    assert f'href="{budget_vote.url}"' not in client.get("/zoeken/?q=Burgerbudget").content.decode()
    assert Ballot.objects.count() == 0
    switch_on(enabled)  # the data was kept: switched on again, it is all back
    cache.clear()
    assert client.get(budget_vote.url).status_code == 200
    assert f'href="{budget_vote.url}"' in client.get("/zoeken/?q=Burgerbudget").content.decode()


def test_not_offered_in_the_admin_where_the_plugin_is_off(theme, organisation):
    from werkgroepen_consultations.consultation.models import ConsultationPage

    assert not ConsultationPage.can_create_at(theme)
    switch_on(organisation)
    assert ConsultationPage.can_create_at(theme)


def test_a_hidden_theme_hides_its_consultations(client, budget_vote, theme, theme_member):
    type(theme).objects.filter(pk=theme.pk).update(hidden=True)
    from django.core.cache import cache

    cache.clear()
    client.force_login(theme_member)
    assert client.get(budget_vote.url).status_code == 404
    assert (
        client.post(
            reverse("consultations:vote", args=[budget_vote.pk]), {"option": [option(budget_vote, "Bankjes")]}
        ).status_code
        == 404
    )


def test_a_survey_with_mistakes_comes_back_with_the_answers_typed(client, survey, member):
    client.force_login(member)
    questions = list(survey.questions.all())
    data = {f"q{questions[0].pk}": "1", f"q{questions[8].pk}": "Mijn wijk", "action": "submit"}
    response = client.post(reverse("consultations:survey", args=[survey.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "Deze vraag is verplicht." in html  # question 2 is shown (yes) and required
    assert 'value="Mijn wijk"' in html
    assert not Ballot.objects.exists()


def test_save_and_continue_later_through_the_page(client, survey, member):
    client.force_login(member)
    questions = list(survey.questions.all())
    client.post(reverse("consultations:survey", args=[survey.pk]), {f"q{questions[8].pk}": "Half", "action": "save"})
    assert 'value="Half"' in client.get(survey.url).content.decode()


def test_a_member_drops_a_pin_with_the_form_and_sees_it_in_the_list(client, plan, member):
    client.force_login(member)
    response = client.post(
        reverse("consultations:pin", args=[plan.pk]),
        {"x": "20", "y": "30", "category": "Idee", "comment": "Bank <script>"},
    )
    assert response.status_code == 302
    html = client.get(plan.url).content.decode()
    assert "Bank &lt;script&gt;" in html and "<circle" in html
    outside = client.post(
        reverse("consultations:pin", args=[plan.pk]), {"x": "120", "y": "30", "category": "Idee", "comment": "Ver"}
    )
    assert outside.status_code == 400 and "buiten het plan" in outside.content.decode()


@pytest.mark.parametrize("kind", ["survey", "budget_vote", "scenario_planning", "plan"])
def test_every_kind_renders_for_a_visitor_without_a_form_they_cannot_use(client, request, kind):
    page = request.getfixturevalue(kind)
    html = client.get(page.url).content.decode()
    assert page.title in html
    assert "Log in" in html or "Aanmelden" in html or "Meld je aan" in html
