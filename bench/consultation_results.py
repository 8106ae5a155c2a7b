"""Results of a consultation with 10,000 ballots, next to a bare Wagtail page on the same server (issue 12, PERF).

Seeds, into a database of its own, an organisation with the consultations plugin switched on, a theme, a budget
vote and an enquête with 10,000 ballots each (results public while they run), an empty vote of the same kind, and
a bare organisation page; serves the site with gunicorn (bench.settings: DEBUG off, WhiteNoise) and measures p50/p95
of each page for a visitor. Target: within 1.5× of the bare page. The results are kept counters and one aggregate
per kind of answer, cached until the next ballot (werkgroepen_consultations.consultation.selectors.cached_results).

    .venv/bin/python bench/consultation_results.py                          # SQLite file var/bench/consultations.sqlite3
    .venv/bin/python bench/consultation_results.py --database-url postgres://u:p@127.0.0.1:5432/werkgroepen_bench
"""

import argparse
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for path in (ROOT / "site", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

from bench.theme_listing import TARGET_RATIO, configure, measure, start_server  # noqa: E402

BALLOTS = 10_000
BATCH = 2_000
SLUG = "bench-raadplegingen"


def seed(ballots, rng):
    """The organisation, theme and consultations; nothing is done when they are there."""
    from django.db import transaction

    from themes.factories import home_page, organisation_page, theme_page
    from themes.models import OrganisationPage
    from werkgroepen_consultations.consultation.models import Ballot, Tally
    from werkgroepen_consultations.factories import consultation, switch_on
    from werkgroepen_consultations.surveys.models import Answer, QuestionKind
    from werkgroepen_consultations.votes.models import VoteChoice

    if OrganisationPage.objects.filter(slug=SLUG).exists():
        print("Reusing the seeded database.")
        return
    started = time.perf_counter()
    with transaction.atomic():
        home_page()
        organisation_page(title="Bench raadplegingen", slug=SLUG)
        bare = organisation_page(title="Bench kale pagina", slug="bench-kale-pagina")
        assert bare.pk
        organisation = OrganisationPage.objects.get(slug=SLUG)
        switch_on(organisation)
        theme = theme_page(title="Begroting", organisation=organisation)
        options = [(f"Project {n}", 10_000 * (n + 1)) for n in range(8)]
        consultation(
            parent=theme,
            title="Lege stemming",
            slug="lege-stemming",
            kind="vote",
            vote_mode="budget",
            budget=100_000,
            results_policy="live",
            audience="signed_in",
            options=options,
        )
        vote = consultation(
            parent=theme,
            title="Burgerbudget",
            slug="burgerbudget",
            kind="vote",
            vote_mode="budget",
            budget=100_000,
            results_policy="live",
            audience="signed_in",
            options=options,
        )
        survey = consultation(
            parent=theme,
            title="Enquête",
            slug="enquete",
            kind="survey",
            results_policy="live",
            audience="signed_in",
            questions=[
                {"text": "Woon je hier?", "kind": QuestionKind.YES_NO},
                {"text": "Welke wijk?", "kind": QuestionKind.SINGLE, "choices": "Noord\nZuid\nOost\nWest"},
                {"text": "Wat mist er?", "kind": QuestionKind.MULTIPLE, "choices": "Bomen\nBanken\nLicht\nFietsen"},
                {"text": "Rangschik", "kind": QuestionKind.RANKING, "choices": "Groen\nJeugd\nZorg"},
                {"text": "Tevreden?", "kind": QuestionKind.SCALE10},
                {"text": "Opmerkingen", "kind": QuestionKind.LONG_TEXT},
            ],
        )
        vote_options = list(vote.vote_options.all())
        questions = list(survey.questions.all())
        for start in range(0, ballots, BATCH):
            size = min(BATCH, ballots - start)
            cast = Ballot.objects.bulk_create(
                [Ballot(consultation=vote, participant_key=f"bench:{start + n}") for n in range(size)]
            )
            VoteChoice.objects.bulk_create(
                [VoteChoice(ballot=b, option=o) for b in cast for o in rng.sample(vote_options, 2)]
            )
            answered = Ballot.objects.bulk_create(
                [Ballot(consultation=survey, participant_key=f"bench:{start + n}") for n in range(size)]
            )
            rows = []
            for ballot in answered:
                rows += [
                    Answer(ballot=ballot, question=questions[0], choice=rng.randint(0, 1)),
                    Answer(ballot=ballot, question=questions[1], choice=rng.randint(0, 3)),
                    Answer(ballot=ballot, question=questions[2], choice=rng.randint(0, 3)),
                    Answer(ballot=ballot, question=questions[4], choice=rng.randint(0, 9)),
                ]
                rows += [
                    Answer(ballot=ballot, question=questions[3], choice=i, rank=r + 1)
                    for r, i in enumerate(rng.sample(range(3), 3))
                ]
                if rng.random() < 0.2:
                    rows.append(Answer(ballot=ballot, question=questions[5], text="Meer groen in de straat."))
            Answer.objects.bulk_create(rows)
        for page in (vote, survey):
            Tally.objects.update_or_create(consultation=page, defaults={"ballots": ballots, "version": 1})
    print(f"Seeded 2 × {ballots:,} ballots in {time.perf_counter() - started:.1f} s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="a PostgreSQL database of its own (name containing 'bench')")
    parser.add_argument("--sqlite", type=Path, default=ROOT / "var" / "bench" / "consultations.sqlite3")
    parser.add_argument("--ballots", type=int, default=BALLOTS)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--var", type=Path, default=ROOT / "var" / "bench")
    args = parser.parse_args()
    configure(args)
    seed(args.ballots, random.Random(20261204))  # noqa: S311 - test data
    server = start_server(args)
    base = f"/{SLUG}/begroting/"
    rows = [
        ("bare organisation page", "/bench-kale-pagina/", lambda body: "Bench kale pagina" in body),
        ("empty budget vote (no results)", base + "lege-stemming/", lambda body: "Lege stemming" in body),
        (f"budget vote, {args.ballots:,} ballots", base + "burgerbudget/", lambda body: "chart__bar" in body),
        (f"enquête, {args.ballots:,} ballots", base + "enquete/", lambda body: "chart__bar" in body),
    ]
    results = []
    try:
        for name, path, expect in rows:
            result = measure(
                args.port, path, headers={}, requests=args.requests, concurrency=args.concurrency, expect=expect
            )
            results.append((name, result))
            print(f"  {name:<36} p50 {result['p50']:7.1f} ms  p95 {result['p95']:7.1f} ms", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    from django.db import connection

    bare = results[0][1]
    print(
        f"\n{connection.vendor}, gunicorn {args.workers} workers, {args.concurrency} client threads, {args.requests} requests per row"
    )
    print(f"{'page':<38}{'p50 ms':>8}{'p95 ms':>8}{'p50/bare':>10}{'p95/bare':>10}")
    for name, result in results:
        p50, p95 = result["p50"] / bare["p50"], result["p95"] / bare["p95"]
        verdict = "" if result is bare else ("  ok" if max(p50, p95) <= TARGET_RATIO else "  over")
        print(f"{name:<38}{result['p50']:8.1f}{result['p95']:8.1f}{p50:9.2f}×{p95:9.2f}×{verdict}")
    print(f"target: within {TARGET_RATIO}× of the bare page")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
