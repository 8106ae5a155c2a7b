"""Planning together (issue 13 §3): a participant proposes an appointment with one to five times to the people they
invite; the invited answer yes / maybe / no per time; the proposer (or whoever holds regie) confirms one, which puts
the appointment in the invited's agenda; the young person declines an appointment someone else put in her agenda.

Requirements: SEC-01/SEC-04 (a proposal is read by its proposer and the invited only: everyone else, the young
person included, gets the same 404 as for a proposal that does not exist), SEC-14 (every read and write in the
access log), SEC-22 (notifications and mail carry the neutral title and the link, never what the appointment is
about), REL-01/REL-02 (one answer per person and time under a unique constraint; concurrent answers are all kept),
REL-03 (told once, after commit).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import Notification, OutboundMessage
from tests.fixtures.browser import ensure_wagtail_tree
from tests.participation.posts.test_stars import run_together
from tests.trajectories.world import build_world
from trajectories.agenda import services
from trajectories.agenda.models import (
    Answer,
    Appointment,
    AppointmentDecline,
    AppointmentProposal,
    ProposalAnswer,
    ProposalOption,
    ProposalStatus,
)
from trajectories.messaging.services import news_title
from trajectories.models import AccessAction, AccessLogEntry, Audience, TrajectoryStatus
from trajectories.spaces.services import NotAllowed

pytestmark = pytest.mark.django_db

TITLE = "Gesprek over de thuissituatie"
PLACE = "CAW Oost, lokaal 2"
NOTES = "Papa mag niet weten dat dit gesprek plaatsvindt"
POSTGRES_ONLY = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: the in-memory SQLite test database cannot be shared by concurrent connections",
)


def day(days=3):
    return timezone.localdate() + timedelta(days=days)


def at(days, hour, minutes=60):
    start = timezone.make_aware(timezone.datetime.combine(day(days), timezone.datetime.min.time())).replace(hour=hour)
    return start, start + timedelta(minutes=minutes)


def propose(world, *, by="young", invited=("pro_a",), options=None, **fields):
    values = {"title": TITLE, "place": PLACE, "notes": NOTES}
    values.update(fields)
    return services.proposal_create(
        trajectory=world.space,
        by=world.users[by],
        options=[at(3, 10), at(4, 14)] if options is None else options,
        invited=[world.seats[who] for who in invited],
        **values,
    )


def create_url(world):
    return reverse("trajectories:proposal_create", args=[world.space.pk])


def page_url(world, proposal):
    return reverse("trajectories:proposal", args=[world.space.pk, proposal.pk])


def answer_url(world, proposal):
    return reverse("trajectories:proposal_answer", args=[world.space.pk, proposal.pk])


def confirm_url(world, proposal):
    return reverse("trajectories:proposal_confirm", args=[world.space.pk, proposal.pk])


def form_data(world, rows, invited=("pro_a",), **extra):
    data = {"title": TITLE, "place": PLACE, "notes": NOTES, "invited": [world.seats[who].pk for who in invited]}
    for number, (date, start, end) in enumerate(rows, start=1):
        data.update({f"date_{number}": date, f"start_{number}": start, f"end_{number}": end})
    data.update(extra)
    return data


# --- Proposing ---------------------------------------------------------------------------------------------------


def test_the_young_person_proposes_two_times_to_her_counsellor_who_is_told_without_content(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    """Through the form: two times (typed day/month/year), one person invited; the invited get a notice and a mail
    with the neutral title and the link only (SEC-22); the proposal is in the access log (SEC-14)."""
    rows = [(day(3).strftime("%d/%m/%Y"), "10:00", "11:00"), (day(4).strftime("%d/%m/%Y"), "14:00", "15:00")]
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("young").post(create_url(world), form_data(world, rows))
    assert response.status_code == 302
    proposal = AppointmentProposal.objects.get()
    assert response["Location"] == page_url(world, proposal)
    assert [(o.start, o.end) for o in proposal.options.all()] == [at(3, 10), at(4, 14)]
    assert list(proposal.invited.all()) == [world.seats["pro_a"]]
    assert proposal.proposer == world.seats["young"]
    notice = Notification.objects.get(recipient=world.users["pro_a"])
    assert notice.title == news_title() and notice.url == page_url(world, proposal)
    assert not Notification.objects.exclude(recipient=world.users["pro_a"]).exists()
    assert [message.to for message in mailoutbox] == [[world.users["pro_a"].email]]
    mail = mailoutbox[0].subject + mailoutbox[0].body
    for secret in (TITLE, PLACE, NOTES, world.space.title, "Sara"):
        assert secret not in mail
    assert AccessLogEntry.objects.filter(
        item_type="appointment_proposal", item_id=proposal.pk, action=AccessAction.CREATE
    ).exists()


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([], "Propose at least one time."),
        ([("past", "10:00", "11:00")], "A time is in the past. Choose times that are still to come."),
        (
            [("d3", "10:00", "11:00"), ("d3", "10:00", "11:00")],
            "The same time is proposed twice. Propose each time once.",
        ),
        ([("d3", "11:00", "10:00")], "A time ends before it starts. Choose an end time after the start time."),
        ([("d3", "10:00", "")], "Choose an end time."),
        ([("d3", f"{hour}:00", f"{hour}:30") for hour in range(8, 14)], "Propose at most five times."),
    ],
    ids=["no-time", "past", "duplicate", "end-before-start", "half-filled", "six-times"],
)
def test_bad_times_are_refused_with_a_clear_message_and_the_form_keeps_what_was_typed(world, rows, message):
    """Zero or more than five times (a forged sixth row), a time in the past, the same time twice, an end before
    the start: a message in plain words, status 400, nothing saved, and everything typed is still in the form."""
    dates = {"d3": day(3).strftime("%d/%m/%Y"), "past": day(-1).strftime("%d/%m/%Y")}
    typed = [(dates[date], start, end) for date, start, end in rows]
    response = world.client("young").post(create_url(world), form_data(world, typed))
    assert response.status_code == 400
    assert message in response.text
    assert TITLE in response.text and NOTES in response.text and PLACE in response.text
    for date, start, _end in typed[:5]:
        assert date in response.text and start in response.text
    assert not AppointmentProposal.objects.exists()


def test_nobody_invited_or_a_person_outside_the_space_is_refused(world):
    rows = [(day(3).strftime("%d/%m/%Y"), "10:00", "11:00")]
    response = world.client("young").post(create_url(world), form_data(world, rows, invited=()))
    assert response.status_code == 400
    assert "Choose at least one person to invite." in response.text
    with pytest.raises(ValidationError) as error:
        propose(world, invited=("banned_parent",))  # under a contact ban: not someone one can invite
    assert "invited" in error.value.message_dict
    assert not AppointmentProposal.objects.exists()


def test_the_service_refuses_six_times_and_a_past_one_whatever_the_form_sends(world):
    """The rules live in the service: a request that skips the form meets them too."""
    with pytest.raises(ValidationError, match="Propose at most five times."):
        propose(world, options=[at(3, hour) for hour in range(8, 14)])
    with pytest.raises(ValidationError, match="in the past"):
        propose(world, options=[at(-1, 10)])
    with pytest.raises(ValidationError, match="Propose at least one time."):
        propose(world, options=[])
    with pytest.raises(ValidationError, match="twice"):
        propose(world, options=[at(3, 10), at(3, 10)])
    assert not ProposalOption.objects.exists()
    assert len(propose(world, options=[at(3, hour) for hour in range(8, 13)]).options.all()) == 5  # five is fine


# --- Who sees a proposal -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("young", 200),  # the proposer
        ("pro_a", 200),  # invited
        ("parent", 404),  # in the space, not invited
        ("coordinator", 404),  # a professional in the space, not invited
        ("banned_parent", 404),
        ("pro_b", 404),
        ("outsider", 404),
        ("superadmin", 404),
    ],
)
def test_only_the_proposer_and_the_invited_read_a_proposal(world, who, status):
    """SEC-01: everyone else gets the same 404 as for a proposal that does not exist."""
    proposal = propose(world)
    response = world.client(who).get(page_url(world, proposal))
    assert response.status_code == status
    if status == 200:
        assert TITLE in response.text
    else:
        assert TITLE not in response.text
        missing = world.client(who).get(reverse("trajectories:proposal", args=[world.space.pk, proposal.pk + 999]))
        assert missing.status_code == 404
        assert world.client(who).post(answer_url(world, proposal), {"answer_1": "yes"}).status_code == 404
    agenda = world.client(who).get(reverse("trajectories:agenda", args=[world.space.pk]))
    assert (TITLE in agenda.text) == (status == 200)


def test_the_young_person_not_invited_does_not_see_a_proposal_among_the_professionals(world):
    """Nearest forbidden case for the young person: a proposal among professionals is not hers to read (it is a
    question among the people asked); what comes of it follows the appointment's audience."""
    proposal = propose(world, by="pro_a", invited=("coordinator",))
    assert world.client("young").get(page_url(world, proposal)).status_code == 404
    assert world.client("coordinator").get(page_url(world, proposal)).status_code == 200


# --- Answering ---------------------------------------------------------------------------------------------------


def test_the_invited_answer_per_time_and_answering_again_changes_the_answer(world):
    """One row per person and time: a second answer updates the first; the table shows who said what."""
    proposal = propose(world, invited=("pro_a", "parent"))
    first, second = proposal.options.all()
    client = world.client("pro_a")
    response = client.post(answer_url(world, proposal), {f"answer_{first.pk}": "yes", f"answer_{second.pk}": "maybe"})
    assert response.status_code == 302
    response = client.post(answer_url(world, proposal), {f"answer_{first.pk}": "no"})
    assert response.status_code == 302
    mine = dict(ProposalAnswer.objects.filter(participant=world.seats["pro_a"]).values_list("option_id", "answer"))
    assert mine == {first.pk: Answer.NO, second.pk: Answer.MAYBE}
    world.client("parent").post(answer_url(world, proposal), {f"answer_{first.pk}": "yes"})
    assert ProposalAnswer.objects.count() == 3
    page = world.client("young").get(page_url(world, proposal)).text
    assert "What everyone answered" in page
    assert world.seats["parent"].label in page and world.seats["pro_a"].label in page
    assert "Can you come?" not in page  # the proposer does not answer her own times


def test_an_answer_for_a_time_of_another_proposal_or_an_unknown_answer_is_refused(world):
    proposal = propose(world)
    other = propose(world, options=[at(5, 9)])
    foreign = other.options.get()
    with pytest.raises(ValidationError):
        services.proposal_answer(proposal=proposal, by=world.users["pro_a"], answers={foreign.pk: "yes"})
    with pytest.raises(ValidationError):
        services.proposal_answer(
            proposal=proposal, by=world.users["pro_a"], answers={proposal.options.first().pk: "perhaps"}
        )
    response = world.client("pro_a").post(answer_url(world, proposal), {})
    assert response.status_code == 400
    assert "Answer yes, maybe or no for at least one time." in response.text
    assert not ProposalAnswer.objects.exists()


def test_the_proposer_cannot_answer_and_the_database_keeps_one_answer_per_person_and_time(world):
    proposal = propose(world)
    option = proposal.options.first()
    with pytest.raises(NotAllowed):
        services.proposal_answer(proposal=proposal, by=world.users["young"], answers={option.pk: "yes"})
    from django.db import IntegrityError, transaction

    ProposalAnswer.objects.create(proposal=proposal, option=option, participant=world.seats["pro_a"], answer="yes")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalAnswer.objects.create(proposal=proposal, option=option, participant=world.seats["pro_a"], answer="no")


# --- Confirming --------------------------------------------------------------------------------------------------


def test_the_proposer_confirms_a_time_and_it_is_in_the_agenda_of_the_invited_only(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    proposal = propose(world, by="pro_a", invited=("young", "parent"))
    chosen = proposal.options.last()
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("pro_a").post(confirm_url(world, proposal), {"option": chosen.pk})
    appointment = Appointment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("trajectories:appointment", args=[world.space.pk, appointment.pk])
    assert (appointment.start, appointment.end, appointment.title, appointment.place) == (
        chosen.start,
        chosen.end,
        TITLE,
        PLACE,
    )
    assert appointment.author == world.seats["pro_a"]
    assert appointment.audience == Audience.CHOSEN
    assert set(appointment.chosen.all()) == {world.seats["young"], world.seats["parent"]}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.CONFIRMED and proposal.appointment == appointment
    for who, status in [("young", 200), ("parent", 200), ("network", 404), ("coordinator", 404)]:
        url = reverse("trajectories:appointment", args=[world.space.pk, appointment.pk])
        assert world.client(who).get(url).status_code == status, who
    told = Notification.objects.filter(key=f"trajectories.planning:confirmed:{proposal.pk}")
    assert {row.recipient_id for row in told} == {world.users["young"].pk, world.users["parent"].pk}
    assert {row.title for row in told} == {news_title()}
    for message in mailoutbox:
        assert TITLE not in message.subject + message.body and PLACE not in message.body


def test_an_invited_person_without_regie_cannot_confirm_but_the_regie_holder_can(world):
    """Nearest forbidden: the parent is invited but neither proposed nor holds regie (a forged POST is refused);
    the young person holds regie here and confirms a proposal of the coordinator she was invited to."""
    proposal = propose(world, by="coordinator", invited=("young", "parent"))
    option = proposal.options.first()
    response = world.client("parent").post(confirm_url(world, proposal), {"option": option.pk})
    assert response.status_code == 403
    assert not Appointment.objects.exists()
    assert "Choose the time" not in world.client("parent").get(page_url(world, proposal)).text
    assert world.client("young").post(confirm_url(world, proposal), {"option": option.pk}).status_code == 302
    assert Appointment.objects.get().author == world.seats["coordinator"]


def test_confirming_twice_a_past_time_or_answering_after_confirmation_is_refused(world):
    proposal = propose(world)
    option = proposal.options.first()
    response = world.client("young").post(confirm_url(world, proposal), {"option": ""})
    assert response.status_code == 400 and "Choose one of the proposed times." in response.text
    ProposalOption.objects.filter(pk=option.pk).update(
        start=timezone.now() - timedelta(hours=1), end=timezone.now() + timedelta(minutes=1)
    )
    response = world.client("young").post(confirm_url(world, proposal), {"option": option.pk})
    assert response.status_code == 400 and "This time has passed." in response.text
    later = proposal.options.last()
    assert world.client("young").post(confirm_url(world, proposal), {"option": later.pk}).status_code == 302
    assert world.client("young").post(confirm_url(world, proposal), {"option": later.pk}).status_code == 403
    response = world.client("pro_a").post(answer_url(world, proposal), {f"answer_{later.pk}": "yes"})
    assert response.status_code == 403
    assert Appointment.objects.count() == 1 and not ProposalAnswer.objects.exists()


def test_a_closed_space_shows_its_proposals_but_nothing_changes(world):
    proposal = propose(world)
    option = proposal.options.first()
    world.space.status = TrajectoryStatus.CLOSED
    world.space.save()
    rows = [(day(3).strftime("%d/%m/%Y"), "10:00", "11:00")]
    assert world.client("pro_a").get(page_url(world, proposal)).status_code == 200
    assert "Can you come?" not in world.client("pro_a").get(page_url(world, proposal)).text
    assert world.client("young").post(create_url(world), form_data(world, rows)).status_code == 403
    assert world.client("pro_a").post(answer_url(world, proposal), {f"answer_{option.pk}": "yes"}).status_code == 403
    assert world.client("young").post(confirm_url(world, proposal), {"option": option.pk}).status_code == 403
    assert AppointmentProposal.objects.count() == 1 and not ProposalAnswer.objects.exists()
    assert not Appointment.objects.exists()


# --- Declining ---------------------------------------------------------------------------------------------------


def _appointment_for_young(world, *, author="pro_a"):
    proposal = propose(world, by=author, invited=("young", "parent"))
    return services.proposal_confirm(proposal=proposal, by=world.users[author], option_id=proposal.options.first().pk)


def test_the_young_person_declines_and_the_proposer_is_told_once(world, django_capture_on_commit_callbacks):
    appointment = _appointment_for_young(world)
    url = reverse("trajectories:appointment_decline", args=[world.space.pk, appointment.pk])
    page = world.client("young").get(reverse("trajectories:appointment", args=[world.space.pk, appointment.pk]))
    assert "I cannot come" in page.text
    for _twice in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            assert world.client("young").post(url).status_code == 302
    assert AppointmentDecline.objects.filter(appointment=appointment, participant=world.seats["young"]).count() == 1
    told = Notification.objects.filter(key__startswith=f"trajectories.planning:declined:{appointment.pk}:")
    assert [(row.recipient_id, row.title) for row in told] == [(world.users["pro_a"].pk, news_title())]
    assert OutboundMessage.objects.filter(key__startswith="trajectories.planning:declined:").count() == 1
    page = world.client("pro_a").get(reverse("trajectories:appointment", args=[world.space.pk, appointment.pk]))
    assert "Cannot come" in page.text and world.seats["young"].label in page.text
    assert Appointment.objects.filter(pk=appointment.pk).exists()  # it stays in the agenda, marked


def test_only_the_young_person_declines_and_not_her_own_appointment(world):
    """Nearest forbidden: the parent (invited, not the young person) and the young person for an appointment she
    made herself."""
    appointment = _appointment_for_young(world)
    url = reverse("trajectories:appointment_decline", args=[world.space.pk, appointment.pk])
    assert world.client("parent").post(url).status_code == 403
    assert (
        "I cannot come"
        not in world.client("parent")
        .get(reverse("trajectories:appointment", args=[world.space.pk, appointment.pk]))
        .text
    )
    own = _appointment_for_young(world, author="young")
    own_url = reverse("trajectories:appointment_decline", args=[world.space.pk, own.pk])
    assert world.client("young").post(own_url).status_code == 403
    assert world.client("network").post(url).status_code == 404  # not hers to read
    assert not AppointmentDecline.objects.exists()


def test_a_declined_appointment_sends_her_no_reminder(world, django_capture_on_commit_callbacks):
    proposal = propose(world, by="pro_a", invited=("young", "parent"), options=[at(1, 10)])
    start = timezone.now() + timedelta(hours=2)
    ProposalOption.objects.filter(proposal=proposal).update(start=start, end=start + timedelta(hours=1))
    appointment = services.proposal_confirm(
        proposal=proposal, by=world.users["pro_a"], option_id=proposal.options.get().pk
    )
    services.appointment_decline(appointment=appointment, by=world.users["young"])
    call_command("send_appointment_reminders", hours=24)
    reminded = set(
        OutboundMessage.objects.filter(type="trajectories.appointment_reminder").values_list("recipient_id", flat=True)
    )
    assert reminded == {world.users["parent"].pk, world.users["pro_a"].pk}


def test_deleting_the_whole_space_removes_its_proposals(world):
    """Issue 13 §8: what people wrote goes with the space, proposed times too (the young person holds regie here,
    so her request is carried out at once)."""
    from trajectories.deletion import services as deletion

    propose(world)
    deletion.deletion_request(trajectory=world.space, by=world.users["young"])
    assert not AppointmentProposal.objects.exists() and not ProposalOption.objects.exists()


# --- At the same time (PostgreSQL) --------------------------------------------------------------------------------


@POSTGRES_ONLY
@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_to_one_proposal_keep_every_answer(organisation, other_organisation):
    """REL-02: five invited people answer the same proposal at the same moment, twice each (the second changes
    their answer): every person's answer is kept, one row per person and time, no error."""
    ensure_wagtail_tree()
    world = build_world(organisation, other_organisation)
    invited = ("pro_a", "parent", "network", "coordinator", "young")
    proposal = propose(world, by="pro_a", invited=invited[1:], options=[at(3, 10), at(4, 10)])
    options = list(proposal.options.all())
    people = [world.users[who] for who in invited[1:]] * 2
    choices = [Answer.YES] * 4 + [Answer.NO] * 4

    def work(i):
        answers = {options[0].pk: choices[i], options[1].pk: Answer.MAYBE}
        return services.proposal_answer(
            proposal=AppointmentProposal.objects.get(pk=proposal.pk), by=people[i], answers=answers
        )

    results, errors = run_together(8, work)
    assert errors == []
    rows = ProposalAnswer.objects.filter(proposal=proposal)
    assert rows.count() == 8  # four people × two times
    assert set(rows.values_list("participant_id", flat=True)) == {world.seats[who].pk for who in invited[1:]}
    assert set(rows.filter(option=options[1]).values_list("answer", flat=True)) == {Answer.MAYBE}


def test_the_access_log_names_a_proposal_and_its_title_only_to_who_may_read_it(world):
    """SEC-14: the log lists proposals like items; the coordinator (who reads the log but was not invited) sees that
    one was made, never its title."""
    proposal = propose(world)
    world.client("pro_a").get(page_url(world, proposal))
    url = reverse("trajectories:access_log", args=[world.space.pk])
    own = world.client("young").get(url).text
    assert "proposed appointment" in own and TITLE in own
    other = world.client("coordinator").get(url).text
    assert "proposed appointment" in other and TITLE not in other
