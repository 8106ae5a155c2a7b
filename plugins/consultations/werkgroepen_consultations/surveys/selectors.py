"""Reads of an enquête: its sections, a person's draft, and the results (one aggregate per kind of answer)."""

from collections import defaultdict

from django.db.models import Avg, Count, Max, Min

from werkgroepen_consultations.consultation.selectors import cached_results, export_table
from werkgroepen_consultations.surveys.models import (
    COUNTED_KINDS,
    OPEN_KINDS,
    Answer,
    QuestionKind,
    SurveyDraft,
)

OPEN_ANSWERS_SHOWN = 20


def questions_of(page):
    """The questions in order, each with ``number`` (1, 2, 3 …) and ``choices``, grouped into sections:
    ``[(section title, [question, …]), …]``."""
    sections = []
    for number, question in enumerate(page.questions.all(), start=1):
        question.number = number
        question.choices_shown = question.choice_list()
        if not sections or (question.section and question.section != sections[-1][0]):
            sections.append((question.section, []))
        sections[-1][1].append(question)
    return sections


def draft_of(page, user):
    if not user.is_authenticated:
        return {}
    draft = SurveyDraft.objects.filter(consultation=page, user=user).values_list("data", flat=True).first()
    return draft or {}


def _compute(page):
    questions = list(page.questions.all())
    counts = defaultdict(lambda: defaultdict(int))
    rows = (
        Answer.objects.filter(question__page=page, choice__isnull=False)
        .values("question_id", "choice", "rank")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["question_id"]][(row["choice"], row["rank"])] += row["n"]
    answered = dict(
        Answer.objects.filter(question__page=page)
        .values("question_id")
        .annotate(n=Count("ballot_id", distinct=True))
        .order_by()
        .values_list("question_id", "n")
    )
    numbers = {
        row["question_id"]: row
        for row in Answer.objects.filter(question__page=page, number__isnull=False)
        .values("question_id")
        .annotate(average=Avg("number"), low=Min("number"), high=Max("number"))
        .order_by()
    }
    results = []
    for number, question in enumerate(questions, start=1):
        total = answered.get(question.pk, 0)
        item = {"id": question.pk, "number": number, "text": question.text, "kind": question.kind, "answered": total}
        choices = question.choice_list()
        if question.kind == QuestionKind.RANKING:
            places = range(1, len(choices) + 1)
            item["ranking"] = []
            for index, label in enumerate(choices):
                spread = [counts[question.pk].get((index, place), 0) for place in places]
                votes = sum(spread)
                average = sum(place * n for place, n in zip(places, spread, strict=True)) / votes if votes else None
                item["ranking"].append({"label": label, "spread": spread, "average": average})
            item["ranking"].sort(key=lambda r: (r["average"] is None, r["average"] or 0))
            item["places"] = list(places)
        elif question.kind in COUNTED_KINDS:
            item["rows"] = [
                {
                    "label": label,
                    "count": counts[question.pk].get((index, None), 0),
                    "percent": round(100 * counts[question.pk].get((index, None), 0) / total) if total else 0,
                }
                for index, label in enumerate(choices)
            ]
        elif question.kind == QuestionKind.NUMBER and question.pk in numbers:
            row = numbers[question.pk]
            item["numbers"] = {"average": row["average"], "low": row["low"], "high": row["high"]}
        results.append(item)
    return results


def survey_results(page):
    """``(ballots, [per question: counts and percentages, ranking spread, number summary])``, cached until the next
    ballot or moderation."""
    return cached_results(page, "survey", lambda: _compute(page))


def open_answers(page, *, include_hidden, limit=OPEN_ANSWERS_SHOWN):
    """The latest open answers per open question (`include_hidden` for moderators): ``{question id: [answer]}``.
    One query per open question, never per answer."""
    shown = {}
    for question in page.questions.filter(kind__in=OPEN_KINDS):
        answers = Answer.objects.filter(question=question).exclude(text="").select_related("ballot__user")
        if not include_hidden:
            answers = answers.filter(hidden=False)
        shown[question.pk] = list(answers.order_by("-pk")[:limit])
    return shown


def export(page, *, with_names):
    """``(header, rows)`` of every ballot's answers, one column per question (hidden open answers are exported for
    the moderators and observers who may download; they are hidden from the public results only)."""
    questions = list(page.questions.all())

    def cells(ballot):
        by_question = {}
        for answer in ballot.answers.all():
            by_question.setdefault(answer.question_id, []).append(answer)
        for question in questions:
            answers = by_question.get(question.pk, [])
            choices = question.choice_list()
            if question.kind == QuestionKind.RANKING:
                ordered = sorted(answers, key=lambda a: a.rank or 0)
                yield " > ".join(choices[a.choice] for a in ordered if a.choice is not None and a.choice < len(choices))
            elif question.kind in COUNTED_KINDS:
                yield "; ".join(choices[a.choice] for a in answers if a.choice is not None and a.choice < len(choices))
            elif question.kind == QuestionKind.NUMBER:
                yield str(answers[0].number.normalize()) if answers and answers[0].number is not None else ""
            elif question.kind == QuestionKind.DATE:
                yield answers[0].date.isoformat() if answers and answers[0].date else ""
            else:
                yield answers[0].text if answers else ""

    return export_table(
        page,
        with_names=with_names,
        columns=[f"{n}. {q.text}" for n, q in enumerate(questions, start=1)],
        cells=cells,
        prefetch=["answers"],
    )


def answer_for_moderation(user, pk, *, visible):
    """An answer of a consultation in `visible` (``ConsultationPage.objects.visible_to(user)``), or None."""
    return Answer.objects.filter(pk=pk, ballot__consultation__in=visible).select_related("ballot__consultation").first()
