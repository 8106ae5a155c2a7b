"""The Agenda of a space (issue 5 §4): reading appointments, the personal calendar feed (iCal) and reminders.

Appointments are written through the generic item services (:func:`trajectories.items.services.item_create` and
``item_update``), which call :meth:`Appointment.validate_in_space` and write the access log. This module holds the
Agenda's own writes: the calendar link (a new one, its use), the reads of the feed for the access log, and the
reminders.

* The feed (``/werkruimte/agenda/<token>.ics``) lists the appointments the token's owner may read across their
  spaces (``Appointment.objects.visible_to``), with only the time, a neutral summary and the link: the file
  leaves the platform, so it never carries a title, a place, notes or a video link (SEC-22). Only the token's
  SHA-256 is stored; a new link makes the old one answer 404. Every listed appointment is a read in the log.
* Reminders (``manage.py send_appointment_reminders``) mail each participant who may read an appointment some
  hours before it starts: no care content, only the time and the link. The outbox key per appointment,
  participant and start time makes a second run send nothing (REL-03); the outbox checks ``visible_to`` again
  when the mail leaves (SEC-05). Nobody is reminded of an appointment they declined.
* Planning together (issue 13 §3): :func:`proposal_create`, :func:`proposal_answer`, :func:`proposal_confirm` and
  :func:`appointment_decline`. The people concerned are told through ``core.notifications.services.tell`` with the
  spaces' one neutral title and the link, never what the appointment is about (SEC-22).
"""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.models import OutboundMessage
from core.notifications.services import Notice, tell
from core.outbox.services import queue_mail
from trajectories.access import Audience, TrajectoryStatus, seat_condition
from trajectories.agenda import policies
from trajectories.agenda.mail import reminder_key, reminder_message
from trajectories.agenda.models import (
    MAX_OPTIONS,
    Answer,
    Appointment,
    AppointmentDecline,
    AppointmentProposal,
    CalendarFeed,
    ProposalAnswer,
    ProposalOption,
    ProposalStatus,
)
from trajectories.agenda.selectors import PROPOSAL, kind
from trajectories.audit import services as audit
from trajectories.audit.models import AccessAction
from trajectories.messaging.services import news_title
from trajectories.spaces.models import Participant, hash_token
from trajectories.spaces.services import NotAllowed, current_space, refusal

PLANNING_NOTIFICATION = "trajectories.planning"

REMINDER_HOURS = 24


# --- The personal calendar feed -------------------------------------------------------------------------------


@transaction.atomic
def feed_reset(*, user):
    """Give `user` a new secret calendar link and return its token (shown once). The previous link stops working
    at once: only the hash of the newest token is kept."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": hash_token(token), "created_at": timezone.now(), "last_used_at": None}
    )
    return token


def feed_used(*, feed):
    """Remember when a calendar link was last used (one statement, no transaction of its own needed)."""
    CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=timezone.now())


def record_feed_reads(*, user, appointments):
    """Every appointment a feed hands out is a read in its space's access log (one INSERT)."""
    space_ids = {row.trajectory_id for row in appointments}
    seats = (
        Participant.objects.active()
        .filter(user_id=user.pk, trajectory_id__in=space_ids)
        .select_related("trajectory", "user", "care_organisation")
        .with_declaration()
    )
    audit.record_seat_reads(
        seats={seat.trajectory_id: seat for seat in seats},
        item_type=kind().key,
        item_ids=[(row.trajectory_id, row.pk) for row in appointments],
    )


# --- Reminders ------------------------------------------------------------------------------------------------


def send_reminders(*, hours=REMINDER_HOURS, now=None):
    """Queue a reminder for every appointment starting within `hours` to every participant who may read it.
    Returns the number of reminders queued this run (a second run queues none: the outbox key is unique)."""
    now = now or timezone.now()
    window = list(
        Appointment.objects.filter(
            start__gt=now, start__lte=now + timedelta(hours=hours), trajectory__status=TrajectoryStatus.ACTIVE
        ).order_by("start", "pk")
    )
    if not window:
        return 0
    by_pk = {row.pk: row for row in window}
    seats = (
        Participant.objects.active()
        .filter(trajectory_id__in={row.trajectory_id for row in window}, user__isnull=False, user__is_active=True)
        .with_declaration()
        .select_related("user")
    )
    declined = set(
        AppointmentDecline.objects.filter(appointment_id__in=list(by_pk)).values_list(
            "appointment_id", "participant_id"
        )
    )
    queued = 0
    for seat in seats:
        readable = Appointment.objects.filter(seat_condition(Appointment, seat), pk__in=list(by_pk)).values_list(
            "pk", flat=True
        )
        for pk in readable:
            appointment = by_pk[pk]
            if (pk, seat.pk) in declined:
                continue  # she said she will not come: no reminder
            key = reminder_key(appointment, seat)
            if OutboundMessage.objects.filter(key=key).exists():
                continue
            subject, body = reminder_message(appointment=appointment)
            with transaction.atomic():
                queue_mail(
                    key=key,
                    email=seat.user.email,
                    subject=subject,
                    body=body,
                    recipient=seat.user,
                    obj=appointment,
                    type="trajectories.appointment_reminder",
                )
            queued += 1
    return queued


# --- Planning together (issue 13 §3) ----------------------------------------------------------------------------


def _proposal_url(proposal):
    return reverse("trajectories:proposal", args=[proposal.trajectory_id, proposal.pk])


def _tell(*, people, key, url, about, actor):
    """Tell `people` (participant rows) that something waits for them in the space: the one neutral title and the
    link, nothing about the appointment (SEC-22); only who may see `about` is told, now and when the mail leaves."""
    users = [person.user for person in people if person.user_id is not None]
    if not users:
        return
    tell(
        code=PLANNING_NOTIFICATION,
        people=users,
        key=key,
        notices=Notice(key=key, title=news_title(), url=url),
        about=about,
        actor=actor,
    )


def check_options(options, *, now=None):
    """Refuse what cannot be proposed: no time, more than :data:`MAX_OPTIONS`, a time that ends before it starts,
    a time in the past, the same time twice (``ValidationError`` on ``options``, in plain words)."""
    now = now or timezone.now()
    if not options:
        raise ValidationError({"options": _("Propose at least one time.")})
    if len(options) > MAX_OPTIONS:
        raise ValidationError({"options": _("Propose at most five times.")})
    errors, seen = [], set()
    for start, end in options:
        if end <= start:
            errors.append(_("A time ends before it starts. Choose an end time after the start time."))
        elif start < now:
            errors.append(_("A time is in the past. Choose times that are still to come."))
        elif (start, end) in seen:
            errors.append(_("The same time is proposed twice. Propose each time once."))
        seen.add((start, end))
    if errors:
        raise ValidationError({"options": list(dict.fromkeys(errors))})


def _invited_seats(space, invited):
    ids = {getattr(person, "pk", person) for person in invited or ()}
    ids.discard(space.me.pk)
    seats = []
    for pk in sorted(ids):
        person = space.participant(pk)
        if person is None or not person.is_active or person.user_id is None:
            raise ValidationError({"invited": _("Invite people who take part in this space.")})
        seats.append(person)
    if not seats:
        raise ValidationError({"invited": _("Choose at least one person to invite.")})
    return seats


@transaction.atomic
def proposal_create(*, trajectory, by, title, options, invited, place="", video_call=False, notes=""):
    """`by` proposes an appointment in `trajectory` with `options` (one to five ``(start, end)`` pairs) to the
    `invited` participants (ids or rows: people taking part, with an account). The invited are told."""
    space = current_space(by, trajectory.pk)
    if not policies.can_propose(space):
        raise refusal(space, _("You cannot propose an appointment here."))
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Write what the appointment is about.")
    if not place and not video_call:
        errors["place"] = _("Write where the appointment is, or choose a video call.")
    for check in (lambda: check_options(options), lambda: _invited_seats(space, invited)):
        try:
            check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    seats = _invited_seats(space, invited)
    proposal = AppointmentProposal.objects.create(
        trajectory_id=space.pk, proposer=space.me, title=title.strip(), place=place, video_call=video_call, notes=notes
    )
    ProposalOption.objects.bulk_create(
        [ProposalOption(proposal=proposal, start=start, end=end) for start, end in sorted(options)]
    )
    proposal.invited.set(seats)
    audit.record(space=space, item_type=PROPOSAL, item_id=proposal.pk, action=AccessAction.CREATE)
    _tell(
        people=seats,
        key=f"{PLANNING_NOTIFICATION}:proposal:{proposal.pk}",
        url=_proposal_url(proposal),
        about=proposal,
        actor=by,
    )
    return proposal


def _locked_proposal(proposal, by):
    """The actor's fresh seat in an open space and `proposal` locked, read through ``visible_to``; NotAllowed when
    it is not theirs to read."""
    space = current_space(by, proposal.trajectory_id)
    if not space.writable:
        raise refusal(space)
    current = AppointmentProposal.objects.visible_to(by, space=space).select_for_update().filter(pk=proposal.pk).first()
    if current is None:
        raise NotAllowed(_("You cannot answer this."))
    return space, current


@transaction.atomic
def proposal_answer(*, proposal, by, answers):
    """An invited person answers yes, maybe or no per time (`answers`: option id → :class:`Answer`). Answering
    again changes the answer: one row per person and time. The proposal's row is locked, so an answer and a
    confirmation never cross; answers of different people at the same moment are all kept."""
    space, current = _locked_proposal(proposal, by)
    invited_ids = set(current.invited.values_list("pk", flat=True))
    if not policies.can_answer(space, current, invited_ids):
        if space.me.pk not in invited_ids:
            raise NotAllowed(_("Only the people who were invited answer."))
        raise NotAllowed(_("This proposal has been confirmed: answers can no longer change."))
    option_ids = set(current.options.values_list("pk", flat=True))
    cleaned = {}
    for option_id, answer in (answers or {}).items():
        if answer in (None, ""):
            continue
        if int(option_id) not in option_ids or answer not in Answer.values:
            raise ValidationError({"answers": _("Answer yes, maybe or no for the times of this proposal.")})
        cleaned[int(option_id)] = answer
    if not cleaned:
        raise ValidationError({"answers": _("Answer yes, maybe or no for at least one time.")})
    now = timezone.now()
    # One statement per answer set: insert, or update the person's earlier answer (the unique pair).
    ProposalAnswer.objects.bulk_create(
        [
            ProposalAnswer(proposal=current, option_id=pk, participant=space.me, answer=answer, answered_at=now)
            for pk, answer in sorted(cleaned.items())
        ],
        update_conflicts=True,
        unique_fields=["option", "participant"],
        update_fields=["answer", "answered_at"],
    )
    audit.record(space=space, item_type=PROPOSAL, item_id=current.pk, action=AccessAction.UPDATE)
    return cleaned


@transaction.atomic
def proposal_confirm(*, proposal, by, option_id):
    """The proposer (or whoever holds regie) confirms one time: the appointment is put in the agenda of the people
    invited (audience "the people I choose", written by the proposer) and they are told. Confirming twice, or a
    time that has passed meanwhile, is refused."""
    space, current = _locked_proposal(proposal, by)
    if not policies.can_confirm(space, current):
        if not current.is_open:
            raise NotAllowed(_("This proposal has already been confirmed."))
        raise NotAllowed(_("Only the person who proposed the appointment, or who holds regie, confirms a time."))
    option = current.options.filter(pk=option_id).first()
    if option is None:
        raise ValidationError({"option": _("Choose one of the proposed times.")})
    if option.start <= timezone.now():
        raise ValidationError({"option": _("This time has passed. Choose another time or propose new times.")})
    invited = [person for person in current.invited.all() if space.participant(person.pk) is not None]
    chosen = [
        person.pk for person in invited if space.participant(person.pk).is_active and person.pk != current.proposer_id
    ]
    appointment = Appointment(
        trajectory_id=space.pk,
        author_id=current.proposer_id,
        audience=Audience.CHOSEN,
        title=current.title,
        start=option.start,
        end=option.end,
        place=current.place,
        video_call=current.video_call,
        notes=current.notes,
        updated_by=space.me,
    )
    appointment.validate_in_space(space=space, previous=None)
    appointment.save()
    appointment.chosen.set(chosen)
    AppointmentProposal.objects.filter(pk=current.pk).update(
        status=ProposalStatus.CONFIRMED,
        confirmed_at=timezone.now(),
        confirmed_by=space.me,
        confirmed_option=option,
        appointment=appointment,
    )
    audit.record(space=space, item_type=PROPOSAL, item_id=current.pk, action=AccessAction.UPDATE)
    audit.record(space=space, item_type=kind().key, item_id=appointment.pk, action=AccessAction.CREATE)
    people = [person for person in invited if person.pk in chosen]
    if current.proposer_id != space.me.pk:
        people.append(space.participant(current.proposer_id))
    _tell(
        people=[person for person in people if person is not None],
        key=f"{PLANNING_NOTIFICATION}:confirmed:{current.pk}",
        url=kind().item_url(space.pk, appointment.pk),
        about=appointment,
        actor=by,
    )
    return appointment


@transaction.atomic
def appointment_decline(*, appointment, by):
    """The young person declines an appointment someone else put in her agenda: it stays, marked as declined, she
    gets no reminder, and its author is told. Declining twice changes nothing and tells nobody again."""
    space = current_space(by, appointment.trajectory_id)
    if not space.writable:
        raise refusal(space)
    current = Appointment.objects.visible_to(by, space=space).select_for_update().filter(pk=appointment.pk).first()
    if current is None:
        raise NotAllowed(_("You cannot change this."))
    declined = AppointmentDecline.objects.filter(appointment=current, participant=space.me).exists()
    if declined:
        return current
    if not policies.can_decline(space, current):
        raise NotAllowed(_("Only the young person can decline an appointment someone else put in her agenda."))
    AppointmentDecline.objects.bulk_create(
        [AppointmentDecline(appointment=current, participant=space.me)], ignore_conflicts=True
    )
    audit.record(space=space, item_type=kind().key, item_id=current.pk, action=AccessAction.UPDATE)
    author = space.participant(current.author_id)
    _tell(
        people=[author] if author is not None else [],
        key=f"{PLANNING_NOTIFICATION}:declined:{current.pk}:{space.me.pk}",
        url=kind().item_url(space.pk, current.pk),
        about=current,
        actor=by,
    )
    return current


def proposals_delete(*, trajectory_id):
    """Remove every proposal of a space (its whole deletion on request, issue 13 §8): they hold what people wrote.
    Runs in the caller's transaction."""
    return AppointmentProposal.objects.filter(trajectory_id=trajectory_id).delete()[0]
