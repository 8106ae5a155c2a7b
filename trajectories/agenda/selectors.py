"""Reads of the Agenda: the appointments of a space as its viewer may see them (noted for the access log), and
the personal calendar feed's owner and appointments."""

from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from trajectories.agenda.models import (
    Answer,
    Appointment,
    AppointmentDecline,
    AppointmentProposal,
    CalendarFeed,
    ProposalAnswer,
)
from trajectories.audit.services import note_reads
from trajectories.items.selectors import kind_for_model, show_all
from trajectories.spaces.models import hash_token

FEED_PAST_DAYS = 31
FEED_LIMIT = 500
AGENDA_PAST_LIMIT = 50
PROPOSAL = "appointment_proposal"  # the access log's item type of a proposal (never change it)
PROPOSALS_LISTED = 20


def kind():
    return kind_for_model(Appointment)


# --- Reading inside a space -----------------------------------------------------------------------------------


def upcoming(request, space, *, limit=None):
    """Appointments that have not ended, soonest first, that the viewer may know exist (placeholders for the
    young person), wrapped and noted for the access log."""
    qs = (
        Appointment.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, end__gte=timezone.now())
        .prefetch_related("chosen")
        .order_by("start", "pk")
    )
    rows = list(qs[:limit] if limit else qs)
    return show_all(request, space, kind(), rows)


def next_appointments(request, space, limit=5):
    """The dashboard widget: the next few appointments (one query)."""
    rows = list(
        Appointment.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, end__gte=timezone.now())
        .order_by("start", "pk")[:limit]
    )
    return show_all(request, space, kind(), rows, chosen=False)


def past(request, space, *, limit=AGENDA_PAST_LIMIT):
    rows = list(
        Appointment.objects.existence_visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, end__lt=timezone.now())
        .prefetch_related("chosen")
        .order_by("-start", "-pk")[:limit]
    )
    return show_all(request, space, kind(), rows)


# --- The personal calendar feed -------------------------------------------------------------------------------


def has_feed(user):
    return CalendarFeed.objects.filter(user_id=user.pk).exists()


def feed_owner(token):
    """The user of a calendar token, or None (unknown, replaced, or an account that is no longer active)."""
    if not token or len(token) > 100:
        return None
    feed = CalendarFeed.objects.select_related("user").filter(token_hash=hash_token(token)).first()
    if feed is None or not feed.user.is_active:
        return None
    return feed


def feed_appointments(user):
    """What a feed lists: appointments `user` may read in any of their spaces, from a month ago on."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return list(
        Appointment.objects.visible_to(user)
        .filter(end__gte=since)
        .only("pk", "trajectory_id", "start", "end", "created_at", "updated_at")
        .order_by("start", "pk")[:FEED_LIMIT]
    )


# --- Planning together (issue 13 §3) ----------------------------------------------------------------------------


def proposals(request, space, *, limit=PROPOSALS_LISTED):
    """The proposals the viewer made or is invited to in this space (``visible_to``), those waiting for answers
    first, with their times; noted for the access log. Three queries whatever their number."""
    rows = list(
        AppointmentProposal.objects.visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk)
        .prefetch_related("options")
        .order_by("-status", "-created_at", "-pk")[:limit]
        # "open" sorts after "confirmed": descending puts the open ones first.
    )
    answered = set(
        ProposalAnswer.objects.filter(proposal__in=rows, participant_id=space.me.pk).values_list(
            "proposal_id", flat=True
        )
    )
    for row in rows:
        row.answered_by_me = row.pk in answered
    note_reads(request, space=space, item_type=PROPOSAL, item_ids=[row.pk for row in rows])
    return rows


def proposal_in_space(request, space, pk):
    """One proposal the viewer may read (the proposer and the invited), with its times, the invited and every
    answer; None when it is missing or not theirs. Noted for the access log."""
    found = (
        AppointmentProposal.objects.visible_to(request.user, space=space)
        .filter(trajectory_id=space.pk, pk=pk)
        .prefetch_related(
            "options",
            "invited",
            Prefetch("answers", queryset=ProposalAnswer.objects.order_by("option_id", "participant_id")),
        )
        .first()
    )
    if found is not None:
        note_reads(request, space=space, item_type=PROPOSAL, item_ids=[found.pk])
    return found


@dataclass
class OptionRow:
    """One proposed time in the answer table: who said yes, maybe and no, and the viewer's own answer."""

    option: object
    yes: list = field(default_factory=list)
    maybe: list = field(default_factory=list)
    no: list = field(default_factory=list)
    mine: str = ""
    confirmed: bool = False


def answer_table(proposal, space):
    """The table of a proposal: per time the people (by their name in the space) per answer, the viewer's own
    answers, and who has not answered yet. Built from what :func:`proposal_in_space` prefetched (no query)."""
    rows = {option.pk: OptionRow(option=option) for option in proposal.options.all()}
    answered = set()
    for answer in proposal.answers.all():
        row = rows.get(answer.option_id)
        if row is None:
            continue
        person = space.participant(answer.participant_id)
        name = person.label if person is not None else ""
        getattr(row, {Answer.YES: "yes", Answer.MAYBE: "maybe", Answer.NO: "no"}[answer.answer]).append(name)
        answered.add(answer.participant_id)
        if answer.participant_id == space.me.pk:
            row.mine = answer.answer
    for row in rows.values():
        row.confirmed = proposal.confirmed_option_id == row.option.pk
    invited = list(proposal.invited.all())
    waiting = [person.label for person in invited if person.pk not in answered]
    return list(rows.values()), invited, waiting


def declines_of(appointment):
    """The participants (rows) who declined `appointment`, for its page."""
    declines = AppointmentDecline.objects.filter(appointment=appointment).select_related("participant__user")
    return [row.participant for row in declines]


def proposal_log_kind():
    """How the access log names a proposal (it is no item kind): its words and its tool, for grouping a visit."""
    return SimpleNamespace(
        key=PROPOSAL, label=_("proposed appointment"), label_plural=_("proposed appointments"), tool="agenda"
    )


def proposal_titles(user, space, ids):
    """``(pk, title)`` of the proposals among `ids` that `user` may read (for the access log's rows)."""
    return AppointmentProposal.objects.visible_to(user, space=space).filter(pk__in=ids).values_list("pk", "title")


def proposals_readable(user, space):
    """Every proposal of the space `user` may read (the proposer and the invited: ``visible_to``), oldest first, with
    its times, the invited and every answer — for the space's export. Four queries whatever their number."""
    return list(
        AppointmentProposal.objects.visible_to(user, space=space)
        .filter(trajectory_id=space.pk)
        .prefetch_related(
            "options",
            "invited",
            Prefetch("answers", queryset=ProposalAnswer.objects.order_by("option_id", "participant_id")),
        )
        .order_by("created_at", "pk")
    )
