"""Reads of a vote: its options and the counts per option (one aggregate, cached until the next ballot)."""

from django.db.models import Count

from werkgroepen_consultations.consultation.selectors import cached_results, export_table, tally
from werkgroepen_consultations.votes.models import VoteChoice


def options_of(page):
    return list(page.vote_options.all())


def _compute(page, ballots):
    counts = dict(
        VoteChoice.objects.filter(option__page=page)
        .values("option_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("option_id", "n")
    )
    rows = []
    for option in page.vote_options.all():
        count = counts.get(option.pk, 0)
        rows.append(
            {
                "id": option.pk,
                "label": option.title,
                "cost": option.cost,
                "count": count,
                "percent": round(100 * count / ballots) if ballots else 0,
            }
        )
    rows.sort(key=lambda row: -row["count"])
    return rows


def vote_results(page):
    """``(ballots, [per option: label, cost, count, percent of ballots])``, most votes first."""
    return cached_results(page, "vote", lambda: _compute(page, tally(page)[0]))


def export(page, *, with_names):
    """``(header, rows)``: per ballot the chosen options, and their cost for a budget vote."""
    options = list(page.vote_options.all())

    def cells(ballot):
        chosen = {choice.option_id for choice in ballot.vote_choices.all()}
        yield from ("1" if option.pk in chosen else "" for option in options)
        yield sum(option.cost for option in options if option.pk in chosen)

    return export_table(
        page,
        with_names=with_names,
        columns=[o.title for o in options] + ["cost"],
        cells=cells,
        prefetch=["vote_choices"],
    )
