"""Fast by construction (PERF): a consultation page with its results costs the same number of queries with few
or many ballots, and once computed the results are cached until the next ballot (bench/consultation_results.py
measures the time with 10,000 ballots)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from werkgroepen_consultations.consultation.models import Ballot, Tally
from werkgroepen_consultations.surveys.models import Answer
from werkgroepen_consultations.votes.models import VoteChoice


def add_ballots(page, count, start=0):
    """`count` ballots choosing the options in turn, written in bulk (like the bench)."""
    options = list(page.vote_options.all())
    ballots = Ballot.objects.bulk_create(
        [Ballot(consultation=page, participant_key=f"bench:{start + n}") for n in range(count)]
    )
    VoteChoice.objects.bulk_create(
        [VoteChoice(ballot=b, option=options[n % len(options)]) for n, b in enumerate(ballots)]
    )
    Tally.objects.update_or_create(consultation=page, defaults={"ballots": start + count, "version": start + count})


def add_survey_ballots(page, count, start=0):
    questions = list(page.questions.all())
    ballots = Ballot.objects.bulk_create(
        [Ballot(consultation=page, participant_key=f"bench:{start + n}") for n in range(count)]
    )
    rows = []
    for n, ballot in enumerate(ballots):
        rows.append(Answer(ballot=ballot, question=questions[0], choice=n % 2))
        rows.append(Answer(ballot=ballot, question=questions[5], text=f"Opmerking {n}"))
    Answer.objects.bulk_create(rows)
    Tally.objects.update_or_create(consultation=page, defaults={"ballots": start + count, "version": start + count})


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("kind", ["budget_vote", "survey"])
def test_the_results_page_keeps_its_number_of_queries_from_11_to_301_ballots(
    client, request, moderator, kind, django_assert_max_num_queries
):
    page = request.getfixturevalue(kind)
    grow = add_ballots if kind == "budget_vote" else add_survey_ballots
    client.force_login(moderator)  # moderators see the results and every open answer
    grow(page, 1)
    client.get(page.url)  # warms what every page keeps (session, tree cache); each size below recomputes results
    grow(page, 10, start=1)
    few, html = queries(client, page.url)
    assert "11" in html
    grow(page, 290, start=11)
    many, html = queries(client, page.url)
    assert "301" in html
    assert many == few
    with django_assert_max_num_queries(few):
        client.get(page.url)


def test_results_are_cached_until_the_next_ballot(client, budget_vote, moderator, theme_member):
    from werkgroepen_consultations.votes.selectors import vote_results
    from werkgroepen_consultations.votes.services import vote_cast

    add_ballots(budget_vote, 30)
    vote_results(budget_vote)
    with CaptureQueriesContext(connection) as captured:
        ballots, rows = vote_results(budget_vote)
    assert len(captured) == 1 and ballots == 30  # the tally only
    vote_cast(page=budget_vote, user=theme_member, option_ids=[str(budget_vote.vote_options.get(title="Bankjes").pk)])
    ballots, rows = vote_results(budget_vote)
    assert ballots == 31 and {row["label"]: row["count"] for row in rows}["Bankjes"] == 11
