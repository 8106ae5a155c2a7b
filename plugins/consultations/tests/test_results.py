"""Results policy sweep (SEC-05): visitor, member, moderator, observer × live / after closing / never × page,
export, observer mail and search; named and anonymous exports; moderation of open answers."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from participation.observer_updates.selectors import figures
from werkgroepen_consultations.consultation.models import Ballot, ConsultationPage
from werkgroepen_consultations.consultation.services import Refused
from werkgroepen_consultations.factories import consultation
from werkgroepen_consultations.surveys.models import Answer, QuestionKind
from werkgroepen_consultations.surveys.services import answer_moderate, survey_submit
from werkgroepen_consultations.votes.services import vote_cast

RESULTS_MARK = "Stemmen per optie"  # the caption of the vote's results chart (Dutch page)


def make_vote(theme, policy, *, closed=False, anonymous=False):
    now = timezone.now()
    times = {"opens_at": now - timedelta(days=3), "closes_at": now - timedelta(hours=1)} if closed else {}
    page = consultation(
        parent=theme,
        title=f"Stemming {policy} {closed}",
        kind="vote",
        results_policy=policy,
        anonymous=anonymous,
        options=[("Bibliotheek", 0), ("Zwembad", 0)],
        **times,
    )
    return page


def people(request):
    return {
        "visitor": None,
        "member": request.getfixturevalue("theme_member"),
        "moderator": request.getfixturevalue("moderator"),
        "observer": request.getfixturevalue("observer"),
    }


# who sees results and exports, per policy and moment
SWEEP = [
    ("live", False, {"visitor", "member", "moderator", "observer"}),
    ("after_closing", False, {"moderator", "observer"}),
    ("after_closing", True, {"visitor", "member", "moderator", "observer"}),
    ("never", False, {"moderator", "observer"}),
    ("never", True, {"moderator", "observer"}),
]


@pytest.mark.parametrize(("policy", "closed", "who_sees"), SWEEP)
def test_results_policy_sweep_over_page_export_search(client, request, enabled, theme, policy, closed, who_sees):
    page = make_vote(theme, policy)
    voter = request.getfixturevalue("member")
    vote_cast(page=page, user=voter, option_ids=[str(page.vote_options.get(title="Zwembad").pk)])
    if closed:
        ConsultationPage.objects.filter(pk=page.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    for name, user in people(request).items():
        client.logout()
        if user:
            client.force_login(user)
        html = client.get(page.url).content.decode()
        assert (RESULTS_MARK in html) == (name in who_sees), (name, policy, closed)
        export = client.get(reverse("consultations:export", args=[page.pk, "csv"]))
        assert export.status_code == (200 if name in {"moderator", "observer"} else 404), name
        found = client.get("/zoeken/?q=Stemming").content.decode()
        assert f'href="{page.url}"' in found  # the page is public: search finds it, never its results
        assert "Zwembad" not in found


def test_the_observer_mail_names_consultations_of_the_period_with_counts_not_names(request, enabled, theme, member):
    page = make_vote(theme, "never", anonymous=False)
    vote_cast(page=page, user=member, option_ids=[str(page.vote_options.first().pk)])
    today = timezone.localdate()
    update = figures(enabled, today - timedelta(days=30), today + timedelta(days=1))
    (section,) = update.sections
    assert section.title == "Consultations"
    assert any(page.title in line and "1 answers" in line for line in section.lines)
    assert not any(member.display_name in line for line in section.lines)
    assert figures(enabled, date(2020, 1, 1), date(2020, 4, 1)).sections == []  # nothing ran then


def test_the_observer_mail_of_an_organisation_with_the_plugin_off_has_no_section(enabled, theme, member):
    make_vote(theme, "live")
    from werkgroepen_consultations.factories import switch_on

    switch_on(enabled, enabled=False)
    from django.core.cache import cache

    cache.clear()
    today = timezone.localdate()
    assert figures(enabled, today - timedelta(days=30), today + timedelta(days=1)).sections == []


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_a_named_export_names_people_for_moderators_only(client, enabled, theme, member, moderator, observer):
    page = make_vote(theme, "live")
    vote_cast(page=page, user=member, option_ids=[str(page.vote_options.first().pk)])
    client.force_login(moderator)
    rows = _csv(client.get(reverse("consultations:export", args=[page.pk, "csv"])))
    assert rows[0][:4] == ["ballot", "submitted_at", "name", "organisation"] and rows[1][2] == member.display_name
    client.force_login(observer)
    rows = _csv(client.get(reverse("consultations:export", args=[page.pk, "csv"])))
    assert "name" not in rows[0] and member.display_name not in str(rows)


def test_an_anonymous_consultation_never_names_anyone_in_any_export(client, enabled, theme, member, moderator):
    page = consultation(
        parent=theme,
        title="Anonieme enquête",
        kind="survey",
        anonymous=True,
        results_policy="live",
        questions=[{"text": "Wat vind je?", "kind": QuestionKind.LONG_TEXT}],
    )
    question = page.questions.get()
    survey_submit(page=page, user=member, data={f"q{question.pk}": ['=HYPERLINK("x") geheim']})
    ballot = Ballot.objects.get()
    assert (
        ballot.user is None
        and ballot.participant_key.startswith("h:")
        and f"u:{member.pk}" not in ballot.participant_key
    )
    client.force_login(moderator)
    rows = _csv(client.get(reverse("consultations:export", args=[page.pk, "csv"])))
    assert "name" not in rows[0] and member.display_name not in str(rows)
    assert rows[1][-1].startswith("'=")  # a formula is exported as text (CSV injection)
    workbook = load_workbook(io.BytesIO(client.get(reverse("consultations:export", args=[page.pk, "xlsx"])).content))
    cells = [cell for row in workbook.active.iter_rows(values_only=True) for cell in row]
    assert "name" not in cells and member.display_name not in cells and member.email not in str(cells)
    html = client.get(page.url).content.decode()
    assert "geheim" in html and member.display_name not in html.split('id="results"')[1]


def test_a_hidden_open_answer_leaves_the_public_results_but_not_the_moderators(
    client, enabled, theme, member, moderator, outsider
):
    page = consultation(
        parent=theme,
        title="Open vragen",
        kind="survey",
        results_policy="live",
        questions=[{"text": "Idee?", "kind": QuestionKind.SHORT_TEXT}],
    )
    survey_submit(page=page, user=member, data={f"q{page.questions.get().pk}": ["Scheldwoord"]})
    answer = Answer.objects.get()
    assert "Scheldwoord" in client.get(page.url).content.decode()  # a visitor's view fills the results cache
    with pytest.raises(Refused):
        answer_moderate(answer=answer, by=outsider, hidden=True)
    client.force_login(outsider)
    assert client.post(reverse("consultations:moderate_answer", args=[answer.pk]), {"hidden": "1"}).status_code == 404
    client.force_login(moderator)
    assert client.post(reverse("consultations:moderate_answer", args=[answer.pk]), {"hidden": "1"}).status_code == 302
    assert "Scheldwoord" in client.get(page.url).content.decode()
    client.logout()
    assert "Scheldwoord" not in client.get(page.url).content.decode()


def test_visitors_may_vote_on_an_everyone_consultation_once_per_session(client, enabled, theme):
    page = consultation(parent=theme, title="Voor iedereen", kind="vote", audience="everyone", options=[("A", 0)])
    url = reverse("consultations:vote", args=[page.pk])
    option = str(page.vote_options.get().pk)
    assert client.post(url, {"option": [option]}).status_code == 302
    assert client.post(url, {"option": [option]}).status_code == 409
    client.cookies.clear()
    assert client.post(url, {"option": [option]}).status_code == 302
    assert Ballot.objects.filter(user__isnull=True).count() == 2
    assert vote_cast  # the service refuses a visitor without a session
    with pytest.raises(Refused, match="cookie"):
        vote_cast(page=page, user=AnonymousUser(), option_ids=[option], session_key="")


def test_a_new_ballot_shows_at_once_in_the_cached_public_results(client, enabled, theme, member, user_factory):
    page = make_vote(theme, "live")
    first = str(page.vote_options.get(title="Zwembad").pk)
    vote_cast(page=page, user=member, option_ids=[first])
    assert "1 stem." in client.get(page.url).content.decode()
    vote_cast(page=page, user=user_factory("tweede@example.org"), option_ids=[first])
    assert "2 stemmen." in client.get(page.url).content.decode()
