"""Reading an enquête's answers from a posted form: what was chosen, with a sentence for every mistake.

Field names: ``q<question id>`` (one value, or several for multiple choice), and ``q<question id>_<choice index>``
holding a rank for a ranking question. A question whose condition is not met is skipped: its answer is dropped and
it is never required (the page hides it with JavaScript; without, it says when to answer it).
"""

from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from werkgroepen_consultations.surveys.models import QuestionKind

SHORT_TEXT_MAX = 300
LONG_TEXT_MAX = 5000


def _values(data, name):
    values = data.get(name, [])
    if isinstance(values, str):
        values = [values]
    return [value.strip() for value in values if value is not None and value.strip() != ""]


def _index(value, choices):
    try:
        index = int(value)
    except (TypeError, ValueError):
        return None
    return index if 0 <= index < len(choices) else None


def condition_met(question, questions, answers):
    """Whether `question` is shown, given the answers to earlier questions (numbered from 1 by place)."""
    number = question.condition_question
    if not number:
        return True
    if number < 1 or number > len(questions):
        return False
    earlier = questions[number - 1]
    if earlier.pk == question.pk or earlier.pk not in answers:
        return False
    wanted = question.condition_answer.strip().lower()
    choices = [choice.lower() for choice in earlier.choice_list()]
    if earlier.kind == QuestionKind.YES_NO:
        # The editor writes 'ja' or 'yes'; both mean 1.
        wanted_index = 1 if wanted in {"ja", "yes", "1", choices[1]} else 0
        return answers[earlier.pk] == wanted_index
    value = answers[earlier.pk]
    if earlier.kind == QuestionKind.MULTIPLE:
        return any(choices[i] == wanted for i in value)
    if isinstance(value, int):
        return value < len(choices) and choices[value] == wanted
    return str(value).strip().lower() == wanted


def clean_answers(questions, data):
    """``(answers, errors)`` for `questions` (in order) from posted `data` (a dict of lists, like
    ``QueryDict.lists()``): ``answers[question id]`` is an index, a list of indexes, ``[(index, rank)]``, a text, a
    ``Decimal`` or a ``date``; ``errors[question id]`` is a sentence."""
    answers, errors = {}, {}
    for question in questions:
        name = f"q{question.pk}"
        choices = question.choice_list()
        value = None
        kind = question.kind
        if kind in {QuestionKind.SINGLE, QuestionKind.SCALE5, QuestionKind.SCALE10, QuestionKind.YES_NO}:
            raw = _values(data, name)
            if raw:
                value = _index(raw[0], choices)
                if value is None or len(raw) > 1:
                    errors[question.pk] = _("Choose one of the answers.")
                    value = None
        elif kind == QuestionKind.MULTIPLE:
            raw = _values(data, name)
            if raw:
                indexes = [_index(item, choices) for item in raw]
                if None in indexes or len(set(indexes)) != len(indexes):
                    errors[question.pk] = _("Choose from the answers given.")
                elif question.max_choices and len(indexes) > question.max_choices:
                    errors[question.pk] = _("Choose at most %(n)d answers.") % {"n": question.max_choices}
                else:
                    value = sorted(indexes)
        elif kind == QuestionKind.RANKING:
            raw = {index: _values(data, f"{name}_{index}") for index in range(len(choices))}
            given = {index: values[0] for index, values in raw.items() if values}
            if given:
                try:
                    ranks = {index: int(rank) for index, rank in given.items()}
                except ValueError:
                    ranks = None
                if (
                    ranks is None
                    or len(given) != len(choices)
                    or sorted(ranks.values()) != list(range(1, len(choices) + 1))
                ):
                    errors[question.pk] = _(
                        "Give every answer its own place, from 1 to %(n)d: no place twice, none left out."
                    ) % {"n": len(choices)}
                else:
                    value = sorted(ranks.items())
        elif kind in {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}:
            raw = _values(data, name)
            if raw:
                limit = SHORT_TEXT_MAX if kind == QuestionKind.SHORT_TEXT else LONG_TEXT_MAX
                if len(raw[0]) > limit:
                    errors[question.pk] = _("At most %(n)d characters.") % {"n": limit}
                else:
                    value = raw[0]
        elif kind == QuestionKind.NUMBER:
            raw = _values(data, name)
            if raw:
                try:
                    value = Decimal(raw[0].replace(",", "."))
                    if not value.is_finite() or abs(value) >= Decimal("1e10"):
                        raise InvalidOperation
                except InvalidOperation:
                    errors[question.pk] = _("Enter a number.")
                    value = None
        elif kind == QuestionKind.DATE:
            raw = _values(data, name)
            if raw:
                try:
                    value = date.fromisoformat(raw[0])
                except ValueError:
                    errors[question.pk] = _("Enter a date (day, month, year).")
        if value is not None and question.pk not in errors:
            answers[question.pk] = value
    # Conditions after reading everything: a skipped question loses its answer and its errors.
    shown = {}
    for question in questions:
        shown[question.pk] = condition_met(
            question, questions, {pk: v for pk, v in answers.items() if shown.get(pk, True)}
        )
        if not shown[question.pk]:
            answers.pop(question.pk, None)
            errors.pop(question.pk, None)
        elif question.required and question.pk not in answers and question.pk not in errors:
            errors[question.pk] = _("This question is required.")
    return answers, errors
