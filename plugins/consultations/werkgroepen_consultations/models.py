"""Every room's models, gathered for Django's app registry."""

from werkgroepen_consultations.consultation.models import Ballot, ConsultationPage, Tally  # noqa: F401
from werkgroepen_consultations.plans.models import Pin, PinReaction  # noqa: F401
from werkgroepen_consultations.scenarios.models import Scenario, ScenarioRank  # noqa: F401
from werkgroepen_consultations.surveys.models import Answer, Question, SurveyDraft  # noqa: F401
from werkgroepen_consultations.votes.models import VoteChoice, VoteOption  # noqa: F401
