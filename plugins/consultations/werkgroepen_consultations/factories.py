"""Builders of consultations for tests, the bench and the demo."""

from datetime import timedelta

from django.utils import timezone

from themes.models import OrganisationPlugin
from werkgroepen_consultations.consultation.models import PLUGIN_LABEL, ConsultationPage
from werkgroepen_consultations.scenarios.models import Scenario
from werkgroepen_consultations.surveys.models import Question
from werkgroepen_consultations.votes.models import VoteOption


def switch_on(organisation, *, enabled=True):
    """The organisation's plugin row, as the Plugins tab saves it."""
    row, _ = OrganisationPlugin.objects.update_or_create(
        organisation=organisation, plugin=PLUGIN_LABEL, defaults={"enabled": enabled}
    )
    return row


def consultation(*, parent, title, kind, questions=(), options=(), scenarios=(), **fields):
    """A live consultation below `parent` (a theme or subtheme), open from an hour ago for a week unless told.

    `questions`: dicts of Question fields; `options`: ``(title, cost)`` pairs; `scenarios`: dicts of Scenario fields.
    """
    now = timezone.now()
    fields.setdefault("opens_at", now - timedelta(hours=1))
    fields.setdefault("closes_at", now + timedelta(days=7))
    page = ConsultationPage(title=title, kind=kind, **fields)
    # sort_order as the admin's inline panels set it: without it the order is the database's whim (PostgreSQL).
    page.questions = [Question(sort_order=n, **question) for n, question in enumerate(questions)]
    page.vote_options = [VoteOption(title=option, cost=cost, sort_order=n) for n, (option, cost) in enumerate(options)]
    page.scenarios = [Scenario(sort_order=n, **scenario) for n, scenario in enumerate(scenarios)]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return ConsultationPage.objects.get(pk=page.pk)
