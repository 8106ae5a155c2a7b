"""Every write of an enquête: submitting it, and saving what was typed to continue later."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from werkgroepen_consultations.consultation.models import Kind
from werkgroepen_consultations.consultation.policies import may_moderate, refusal_to_take_part
from werkgroepen_consultations.consultation.services import Refused, ballot_start, version_bump
from werkgroepen_consultations.surveys.forms import clean_answers
from werkgroepen_consultations.surveys.models import Answer, QuestionKind, SurveyDraft


class SurveyInvalid(Refused):
    """Answers with mistakes: ``errors`` maps question ids to sentences; nothing was stored."""

    def __init__(self, errors):
        super().__init__(_("Some answers need another look."))
        self.errors = errors


def _rows(ballot, questions, answers):
    rows = []
    for question in questions:
        if question.pk not in answers:
            continue
        value = answers[question.pk]
        if question.kind == QuestionKind.MULTIPLE:
            rows += [Answer(ballot=ballot, question=question, choice=index) for index in value]
        elif question.kind == QuestionKind.RANKING:
            rows += [Answer(ballot=ballot, question=question, choice=index, rank=rank) for index, rank in value]
        elif question.kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
            rows.append(Answer(ballot=ballot, question=question, text=value))
        elif question.kind == QuestionKind.NUMBER:
            rows.append(Answer(ballot=ballot, question=question, number=value))
        elif question.kind == QuestionKind.DATE:
            rows.append(Answer(ballot=ballot, question=question, date=value))
        else:
            rows.append(Answer(ballot=ballot, question=question, choice=value))
    return rows


@transaction.atomic
def survey_submit(*, page, user, data, organisation=None, session_key="", now=None):
    """Store `user`'s answers to the enquête `page` (posted `data`, a dict of lists) as one ballot, or raise
    :class:`SurveyInvalid` (mistakes) or :class:`Refused` (not allowed, closed, already took part)."""
    if page.kind != Kind.SURVEY:
        raise Refused(_("This consultation is not a survey."))
    refusal = refusal_to_take_part(user, page, now)
    if refusal:
        raise Refused(refusal)
    questions = list(page.questions.all())
    answers, errors = clean_answers(questions, data)
    if errors:
        raise SurveyInvalid(errors)
    ballot = ballot_start(page=page, user=user, organisation=organisation, session_key=session_key, now=now)
    Answer.objects.bulk_create(_rows(ballot, questions, answers))
    if user.is_authenticated:
        SurveyDraft.objects.filter(consultation=page, user=user).delete()
    return ballot


@transaction.atomic
def survey_draft_save(*, page, user, data, now=None):
    """Keep what a signed-in person typed so far, to continue later (only while the consultation is open)."""
    if not user.is_authenticated:
        raise Refused(_("Log in to save your answers and continue later."))
    refusal = refusal_to_take_part(user, page, now)
    if refusal:
        raise Refused(refusal)
    kept = {name: values for name, values in data.items() if name.startswith("q") or name == "organisation"}
    SurveyDraft.objects.update_or_create(
        consultation=page, user=user, defaults={"data": kept, "updated_at": now or timezone.now()}
    )


@transaction.atomic
def answer_moderate(*, answer, by, hidden):
    """Hide an open answer from the public results (or show it again); moderators only."""
    page = answer.ballot.consultation
    if not may_moderate(by, page):
        raise Refused(_("Only moderators hide answers."))
    Answer.objects.filter(pk=answer.pk).update(hidden=hidden)
    version_bump(page=page)
