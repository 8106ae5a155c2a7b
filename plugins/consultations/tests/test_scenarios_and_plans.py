"""Scenarioplanning and ruimtelijk plan: the allowed case and the nearest forbidden ones."""

import pytest

from werkgroepen_consultations.consultation.models import Ballot
from werkgroepen_consultations.consultation.services import Refused
from werkgroepen_consultations.factories import consultation
from werkgroepen_consultations.plans.models import Pin, PinReaction
from werkgroepen_consultations.plans.selectors import pins_visible_to
from werkgroepen_consultations.plans.services import pin_drop, pin_moderate, pin_react
from werkgroepen_consultations.scenarios.models import ScenarioRank
from werkgroepen_consultations.scenarios.selectors import scenario_results
from werkgroepen_consultations.scenarios.services import scenarios_rank


def ranks(page, *places):
    return {str(s.pk): str(p) for s, p in zip(page.scenarios.all(), places, strict=True)}


def test_a_member_ranks_the_scenarios_with_a_reason(scenario_planning, member, user_factory):
    scenarios_rank(
        page=scenario_planning, user=member, ranks=ranks(scenario_planning, 2, 3, 1), reason="Groen en levendig"
    )
    scenarios_rank(
        page=scenario_planning,
        user=user_factory("b@example.org"),
        ranks=ranks(scenario_planning, 1, 3, 2),
        reason="Rust",
    )
    ballots, results = scenario_results(scenario_planning)
    assert ballots == 2
    by_title = {row["label"]: row["spread"] for row in results["rows"]}
    assert by_title == {"Groen plein": [1, 1, 0], "Parking blijft": [0, 0, 2], "Evenementenplein": [1, 1, 0]}
    assert results["rows"][-1]["label"] == "Parking blijft"


@pytest.mark.parametrize(
    ("places", "message"),
    [((1, 1, 2), "no place twice"), ((1, 2, 4), "none left out"), ((1, 2), "none left out")],
)
def test_a_rank_list_with_duplicates_or_gaps_is_refused(scenario_planning, member, places, message):
    given = {str(s.pk): str(p) for s, p in zip(scenario_planning.scenarios.all(), places, strict=False)}
    with pytest.raises(Refused, match=message):
        scenarios_rank(page=scenario_planning, user=member, ranks=given, reason="x")
    assert not Ballot.objects.exists() and not ScenarioRank.objects.exists()


def test_a_scenario_of_another_consultation_or_no_reason_is_refused(scenario_planning, theme, member):
    other = consultation(parent=theme, title="Ander", kind="scenarios", scenarios=[{"title": "X"}, {"title": "Y"}])
    given = ranks(scenario_planning, 1, 2, 3)
    given[str(other.scenarios.first().pk)] = "4"
    with pytest.raises(Refused, match="not part of this consultation"):
        scenarios_rank(page=scenario_planning, user=member, ranks=given, reason="x")
    with pytest.raises(Refused, match="Say why"):
        scenarios_rank(page=scenario_planning, user=member, ranks=ranks(scenario_planning, 1, 2, 3), reason="  ")
    scenarios_rank(page=scenario_planning, user=member, ranks=ranks(scenario_planning, 1, 2, 3), reason="Zo")
    with pytest.raises(Refused) as refused:
        scenarios_rank(page=scenario_planning, user=member, ranks=ranks(scenario_planning, 3, 2, 1), reason="Anders")
    assert refused.value.already and Ballot.objects.count() == 1


def test_a_member_drops_a_pin_and_another_reacts(plan, member, user_factory):
    pin = pin_drop(page=plan, user=member, x="12,5", y="80", category="Idee", comment="Hier een boom")
    neighbour = user_factory("buur@example.org", "Buur")
    pin_react(pin=pin, user=neighbour, text="Goed idee")
    pin.refresh_from_db()
    assert (str(pin.x), pin.category, pin.reaction_count) == ("12.50", "Idee", 1)
    assert [p.comment for p in pins_visible_to(plan, neighbour)] == ["Hier een boom"]


@pytest.mark.parametrize(
    ("x", "y", "category", "message"),
    [
        ("100.1", "5", "Idee", "outside the plan"),
        ("-1", "5", "Idee", "outside the plan"),
        ("5", "abc", "Idee", "number"),
        ("5", "5", "Onbekend", "categories"),
    ],
)
def test_a_pin_outside_the_plan_or_of_an_unknown_category_is_refused(plan, member, x, y, category, message):
    with pytest.raises(Refused, match=message):
        pin_drop(page=plan, user=member, x=x, y=y, category=category, comment="x")
    assert not Pin.objects.exists()


def test_a_hidden_pin_is_gone_for_others_but_not_for_moderators(plan, member, moderator, outsider):
    pin = pin_drop(page=plan, user=member, x="1", y="1", category="Probleem", comment="Gevaarlijk kruispunt")
    with pytest.raises(Refused):
        pin_moderate(pin=pin, by=outsider, hidden=True)
    pin_moderate(pin=pin, by=moderator, hidden=True)
    assert pins_visible_to(plan, outsider) == []
    assert [p.pk for p in pins_visible_to(plan, moderator)] == [pin.pk]
    assert [p.pk for p in pins_visible_to(plan, member)] == [pin.pk]  # your own pin stays yours to see


def test_no_pins_or_reactions_after_closing(plan, member):
    pin = pin_drop(page=plan, user=member, x="1", y="1", category="Idee", comment="Vroeg")
    type(plan).objects.filter(pk=plan.pk).update(closes_at=plan.opens_at)
    plan.refresh_from_db()
    pin.consultation = plan
    with pytest.raises(Refused, match="closed"):
        pin_drop(page=plan, user=member, x="1", y="1", category="Idee", comment="Te laat")
    with pytest.raises(Refused, match="closed"):
        pin_react(pin=pin, user=member, text="Te laat")
    assert Pin.objects.count() == 1 and not PinReaction.objects.exists()


def test_a_refused_ranking_comes_back_with_the_places_chosen(client, scenario_planning, member):
    from django.urls import reverse

    client.force_login(member)
    first, second, third = scenario_planning.scenarios.all()
    data = {f"scenario_{first.pk}": "2", f"scenario_{second.pk}": "2", f"scenario_{third.pk}": "1", "reason": "Zo"}
    response = client.post(reverse("consultations:scenarios", args=[scenario_planning.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400 and "geen plaats twee keer" in html
    assert html.count("selected>2</option>") == 2 and html.count("selected>1</option>") == 1
    assert not Ballot.objects.exists()


def test_a_moderator_hides_a_reaction_from_the_public(client, plan, member, moderator, outsider):
    from django.urls import reverse

    pin = pin_drop(page=plan, user=member, x="1", y="1", category="Idee", comment="Bank")
    reaction = pin_react(pin=pin, user=member, text="Ongepaste reactie")
    url = reverse("consultations:moderate_reaction", args=[reaction.pk])
    client.force_login(outsider)
    assert client.post(url, {"hidden": "1"}).status_code == 404
    assert "Ongepaste reactie" in client.get(plan.url).content.decode()
    client.force_login(moderator)
    assert client.post(url, {"hidden": "1"}).status_code == 302
    assert "Ongepaste reactie" in client.get(plan.url).content.decode()  # moderators still see it, marked hidden
    client.force_login(outsider)
    assert "Ongepaste reactie" not in client.get(plan.url).content.decode()
