"""Enquête: sections, every kind of question, conditions, required answers, drafts, and the refusals."""

import pytest
from django.contrib.auth.models import AnonymousUser

from werkgroepen_consultations.consultation.models import Ballot
from werkgroepen_consultations.consultation.services import Refused
from werkgroepen_consultations.surveys.models import Answer, SurveyDraft
from werkgroepen_consultations.surveys.selectors import questions_of, survey_results
from werkgroepen_consultations.surveys.services import SurveyInvalid, survey_draft_save, survey_submit


def q(page, number):
    return list(page.questions.all())[number - 1]


def data_for(page, **by_number):
    """Posted data by question number: q3=["0", "1"], or q4_0="2" for a ranking place."""
    data = {}
    for key, value in by_number.items():
        number, _, suffix = key[1:].partition("_")
        name = f"q{q(page, int(number)).pk}" + (f"_{suffix}" if suffix else "")
        data[name] = value if isinstance(value, list) else [value]
    return data


FULL = {
    "q1": "1",  # yes
    "q2": "0",  # daily
    "q3": ["0", "2"],
    "q4_0": "2",
    "q4_1": "3",
    "q4_2": "1",
    "q5": "4",
    "q6": "Meer <b>verlichting</b>",
    "q7": "42,5",
    "q8": "2024-03-01",
    "q9": "Centrum",
    "q10": "2",
}


def test_a_member_answers_every_kind_of_question(survey, member):
    ballot = survey_submit(page=survey, user=member, data=data_for(survey, **FULL))
    answers = {(a.question.text, a.choice, a.rank) for a in Answer.objects.filter(ballot=ballot)}
    assert ("Heb je een fiets?", 1, None) in answers
    assert ("Wat mist er?", 0, None) in answers and ("Wat mist er?", 2, None) in answers
    assert ("Rangschik", 2, 1) in answers  # "Groen" first
    text = Answer.objects.get(ballot=ballot, question__text="Opmerkingen").text
    assert text == "Meer <b>verlichting</b>"  # stored as typed, escaped when shown
    assert str(Answer.objects.get(ballot=ballot, question__text="Kilometers per week").number) == "42.5000"


def test_sections_group_the_questions_and_number_them(survey):
    sections = questions_of(survey)
    assert [title for title, _ in sections] == ["Jij", "Wensen"]
    assert [question.number for question in sections[1][1]][:2] == [3, 4]


def test_a_question_whose_condition_is_not_met_is_skipped_and_not_required(survey, member):
    answers = dict(FULL, q1="0")  # no bicycle: question 2 ("only if yes") is skipped, even though it was answered
    answers.pop("q2")
    ballot = survey_submit(page=survey, user=member, data=data_for(survey, **answers))
    assert not Answer.objects.filter(ballot=ballot, question__text="Hoe vaak fiets je?").exists()


def test_an_answer_to_a_skipped_question_is_dropped(survey, member):
    answers = dict(FULL, q1="0", q2="1")  # answered anyway (no JavaScript): dropped
    ballot = survey_submit(page=survey, user=member, data=data_for(survey, **answers))
    assert not Answer.objects.filter(ballot=ballot, question__text="Hoe vaak fiets je?").exists()


def test_a_shown_required_question_must_be_answered(survey, member):
    answers = dict(FULL)
    answers.pop("q2")  # yes to question 1, so question 2 is required
    with pytest.raises(SurveyInvalid) as invalid:
        survey_submit(page=survey, user=member, data=data_for(survey, **answers))
    assert invalid.value.errors == {q(survey, 2).pk: "This question is required."}
    assert not Ballot.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"q3": ["0", "1", "2"]}, "at most 2"),
        ({"q4_1": "2"}, "no place twice"),  # duplicate place
        ({"q4_1": ""}, "none left out"),  # a gap
        ({"q1": "7"}, "Choose one"),
        ({"q7": "veel"}, "Enter a number"),
        ({"q8": "31-02-2024"}, "Enter a date"),
        ({"q9": "x" * 301}, "At most 300"),
    ],
)
def test_wrong_answers_are_refused_with_a_sentence_and_nothing_is_stored(survey, member, change, message):
    with pytest.raises(SurveyInvalid) as invalid:
        survey_submit(page=survey, user=member, data=data_for(survey, **dict(FULL, **change)))
    assert message in " ".join(invalid.value.errors.values())
    assert not Ballot.objects.exists() and not Answer.objects.exists()


def test_visitors_may_not_answer_a_survey_for_signed_in_people(survey):
    with pytest.raises(Refused, match="Log in"):
        survey_submit(page=survey, user=AnonymousUser(), data=data_for(survey, **FULL), session_key="abc")


def test_a_second_survey_is_refused(survey, member):
    survey_submit(page=survey, user=member, data=data_for(survey, **FULL))
    with pytest.raises(Refused) as refused:
        survey_submit(page=survey, user=member, data=data_for(survey, **FULL))
    assert refused.value.already


def test_save_and_continue_later_keeps_the_draft_until_submitted(survey, member):
    survey_draft_save(page=survey, user=member, data=data_for(survey, q1="1", q6="Half af"))
    draft = SurveyDraft.objects.get(user=member)
    assert draft.data[f"q{q(survey, 6).pk}"] == ["Half af"]
    survey_draft_save(page=survey, user=member, data=data_for(survey, q1="0"))
    assert SurveyDraft.objects.count() == 1
    survey_submit(page=survey, user=member, data=data_for(survey, **FULL))
    assert not SurveyDraft.objects.exists()
    with pytest.raises(Refused, match="Log in"):
        survey_draft_save(page=survey, user=AnonymousUser(), data={})


def test_results_count_choices_and_spread_of_places(survey, member, user_factory):
    survey_submit(page=survey, user=member, data=data_for(survey, **FULL))
    survey_submit(
        page=survey, user=user_factory("twee@example.org"), data=data_for(survey, **dict(FULL, q1="0", q2=""))
    )
    ballots, results = survey_results(survey)
    assert ballots == 2
    first = results[0]
    assert [(row["label"], row["count"], row["percent"]) for row in first["rows"]] == [("no", 1, 50), ("yes", 1, 50)]
    ranking = results[3]["ranking"]
    assert ranking[0]["label"] == "Groen" and ranking[0]["spread"] == [2, 0, 0]
    assert results[6]["numbers"]["average"] == pytest.approx(42.5)
