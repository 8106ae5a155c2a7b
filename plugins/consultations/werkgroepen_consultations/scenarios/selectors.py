"""Reads of scenario planning: the scenarios, the spread of places (one aggregate) and the reasons."""

from collections import defaultdict

from django.db.models import Count

from werkgroepen_consultations.consultation.models import Ballot
from werkgroepen_consultations.consultation.selectors import cached_results, export_table
from werkgroepen_consultations.scenarios.models import ScenarioRank

REASONS_SHOWN = 20


def scenarios_of(page):
    """The scenarios in order, each with ``field``: the name of its place in the form."""
    scenarios = list(page.scenarios.select_related("image"))
    for scenario in scenarios:
        scenario.field = f"scenario_{scenario.pk}"
    return scenarios


def _compute(page):
    scenarios = list(page.scenarios.all())
    places = list(range(1, len(scenarios) + 1))
    counts = defaultdict(int)
    for row in (
        ScenarioRank.objects.filter(scenario__page=page)
        .values("scenario_id", "rank")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[(row["scenario_id"], row["rank"])] = row["n"]
    rows = []
    for scenario in scenarios:
        spread = [counts[(scenario.pk, place)] for place in places]
        total = sum(spread)
        average = sum(p * n for p, n in zip(places, spread, strict=True)) / total if total else None
        rows.append(
            {
                "id": scenario.pk,
                "label": scenario.title,
                "spread": spread,
                "average": average,
                "first": spread[0] if spread else 0,
            }
        )
    rows.sort(key=lambda row: (row["average"] is None, row["average"] or 0))
    return {"places": places, "rows": rows}


def scenario_results(page):
    """``(ballots, {"places": [1..n], "rows": [per scenario: spread of places, average place]})``, best first."""
    return cached_results(page, "scenarios", lambda: _compute(page))


def reasons(page, *, include_hidden, limit=REASONS_SHOWN):
    ballots = Ballot.objects.filter(consultation=page).exclude(reason="").select_related("user", "organisation")
    if not include_hidden:
        ballots = ballots.filter(reason_hidden=False)
    return list(ballots.order_by("-pk")[:limit])


def export(page, *, with_names):
    """``(header, rows)``: per ballot the place of every scenario, and the reason."""
    scenarios = list(page.scenarios.all())

    def cells(ballot):
        places = {rank.scenario_id: rank.rank for rank in ballot.scenario_ranks.all()}
        yield from (places.get(s.pk, "") for s in scenarios)
        yield ballot.reason

    return export_table(
        page,
        with_names=with_names,
        columns=[s.title for s in scenarios] + ["reason"],
        cells=cells,
        prefetch=["scenario_ranks"],
    )


def ballot_for_moderation(pk, *, visible):
    """A ballot of a consultation in `visible` (``ConsultationPage.objects.visible_to(user)``), or None."""
    return Ballot.objects.filter(pk=pk, consultation__in=visible).select_related("consultation").first()
