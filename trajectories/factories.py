"""Builders for tests and demo data: spaces, participants and items written straight to the database.

They skip the services on purpose (no access log, no e-mail): tests use them to set the scene, then act
through the views or services under test.
"""

from django.utils import timezone

from trajectories.access import Audience, ParticipantStatus, Regie, Role
from trajectories.logbook.models import LogEntry
from trajectories.plan.models import Action, Agreement, EvaluationMoment, Goal
from trajectories.spaces.models import Participant, Trajectory


def trajectory(*, title="Werkruimte van Sara", organisation=None, started_by=None, regie=Regie.CLIENT, **fields):
    return Trajectory.objects.create(
        title=title, organisation=organisation, started_by=started_by, regie=regie, **fields
    )


def participant(*, trajectory, user=None, role=Role.NETWORK, email=None, status=ParticipantStatus.ACTIVE, **fields):
    now = timezone.now()
    email = email or (user.email if user is not None else f"{role}-{Participant.objects.count()}@example.org")
    return Participant.objects.create(
        trajectory=trajectory,
        user=user,
        email=email.lower(),
        role=role,
        status=status,
        accepted_at=now if status == ParticipantStatus.ACTIVE else None,
        **fields,
    )


def _item(model, *, trajectory, author, audience=Audience.EVERYONE, chosen=(), **fields):
    item = model.objects.create(trajectory=trajectory, author=author, audience=audience, **fields)
    if chosen:
        item.chosen.set(chosen)
    return item


def goal(*, trajectory, author, title="Zelfstandig naar school gaan", **fields):
    return _item(Goal, trajectory=trajectory, author=author, title=title, **fields)


def action(*, trajectory, author, goal, title="Busabonnement aanvragen", **fields):
    return _item(Action, trajectory=trajectory, author=author, goal=goal, title=title, **fields)


def agreement(*, trajectory, author, title="We bellen elke vrijdag", **fields):
    return _item(Agreement, trajectory=trajectory, author=author, title=title, **fields)


def evaluation(*, trajectory, author, date=None, **fields):
    return _item(EvaluationMoment, trajectory=trajectory, author=author, date=date or timezone.localdate(), **fields)


def log_entry(*, trajectory, author, text="Vandaag ging het goed op school.", **fields):
    return _item(LogEntry, trajectory=trajectory, author=author, text=text, **fields)
