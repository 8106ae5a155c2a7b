"""The Agenda of a space: appointments with a place or a video room, the personal iCal feed and reminders.

Requirements: SEC-01/SEC-04 (only who may see an appointment reads it; the young person sees that a
"professionals only" one exists, seed 004), SEC-14 (every read and write in the access log), SEC-19
(``Cache-Control: no-store, private``), SEC-22 (mail and the calendar feed carry no care content), REL-03 (a
reminder is sent once, after commit, through the outbox).
"""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from trajectories.agenda import mail as agenda
from trajectories.agenda.models import Appointment, CalendarFeed
from trajectories.models import AccessAction, AccessLogEntry, AccessOutcome, Audience

pytestmark = pytest.mark.django_db

TITLE = "Gesprek over de thuissituatie"
PLACE = "Jeugdrechtbank Gent, zaal 3"
NOTES = "Papa mag niet weten dat dit gesprek plaatsvindt"


def appointment(world, *, author="pro_a", hours=48, audience=Audience.EVERYONE, chosen=(), **fields):
    start = timezone.now() + timedelta(hours=hours)
    values = {"title": TITLE, "place": PLACE, "notes": NOTES, "start": start, "end": start + timedelta(hours=1)}
    values.update(fields)
    item = Appointment.objects.create(trajectory=world.space, author=world.seats[author], audience=audience, **values)
    if chosen:
        item.chosen.set([world.seats[who] for who in chosen])
    return item


def create_url(world):
    return reverse("trajectories:item_create", args=[world.space.pk, "agenda-afspraken"])


def detail_url(world, item):
    return reverse("trajectories:appointment", args=[world.space.pk, item.pk])


def form_data(day, start="10:00", end="11:00", **extra):
    data = {
        "title": TITLE,
        "date": day.isoformat(),
        "start": start,
        "end": end,
        "place": PLACE,
        "notes": NOTES,
        "audience": "everyone",
    }
    data.update(extra)
    return data


# --- Writing ---------------------------------------------------------------------------------------------------


def test_a_professional_adds_an_appointment_with_a_video_room(world, settings):
    """An appointment with a video call gets an unguessable room on the configured Jitsi server; creating it is
    a row in the access log (SEC-14)."""
    settings.JITSI_BASE_URL = "https://jitsi.example.org/"
    day = timezone.localdate() + timedelta(days=3)
    response = world.client("pro_a").post(create_url(world), form_data(day, video_call="on"))
    assert response.status_code == 302
    item = Appointment.objects.get()
    assert item.start == timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())).replace(
        hour=10
    )
    assert re.fullmatch(r"https://jitsi\.example\.org/werkruimte-[0-9a-f]{32}", item.video_url)
    other = appointment(world, video_call=True)
    assert other.video_room != item.video_room
    assert AccessLogEntry.objects.filter(item_type="appointment", item_id=item.pk, action=AccessAction.CREATE).exists()


def test_an_appointment_that_ends_before_it_starts_is_refused_and_nothing_is_lost(world):
    day = timezone.localdate() + timedelta(days=3)
    response = world.client("pro_a").post(create_url(world), form_data(day, start="11:00", end="10:00"))
    assert response.status_code == 400
    assert "The appointment ends before it starts." in response.text
    assert TITLE in response.text and NOTES in response.text  # what was typed stays
    assert not Appointment.objects.exists()


def test_an_appointment_in_the_past_is_refused(world):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = world.client("young").post(create_url(world), form_data(yesterday))
    assert response.status_code == 400
    assert "This time is in the past. Choose a time that is still to come." in response.text
    assert not Appointment.objects.exists()


def test_the_service_refuses_a_forged_end_before_start(world):
    """The rule lives in the model's ``validate_in_space``: a request that skips the form meets it too."""
    from django.core.exceptions import ValidationError

    from trajectories.items import services

    start = timezone.now() + timedelta(days=2)
    with pytest.raises(ValidationError) as error:
        services.item_create(
            model=Appointment,
            trajectory=world.space,
            by=world.users["parent"],
            title="x",
            place="thuis",
            start=start,
            end=start - timedelta(minutes=5),
        )
    assert "end" in error.value.message_dict
    assert not Appointment.objects.exists()


def test_a_place_or_a_video_call_is_needed(world):
    day = timezone.localdate() + timedelta(days=3)
    response = world.client("pro_a").post(create_url(world), form_data(day, place=""))
    assert response.status_code == 400
    assert "Write where the appointment is, or choose a video call." in response.text


def test_changing_an_appointment_keeps_its_past_start_but_checks_a_new_one(world):
    item = appointment(world, hours=48)
    client = world.client("parent")
    day = timezone.localdate() - timedelta(days=2)
    response = client.post(detail_url(world, item), form_data(day))
    assert response.status_code == 400
    assert "This time is in the past." in response.text
    later = timezone.localdate() + timedelta(days=5)
    response = client.post(detail_url(world, item), form_data(later, title="Nieuw gesprek"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Nieuw gesprek" and timezone.localtime(item.start).date() == later
    assert AccessLogEntry.objects.filter(item_type="appointment", item_id=item.pk, action=AccessAction.UPDATE).exists()


# --- Reading -------------------------------------------------------------------------------------------------------


def test_the_young_person_sees_that_a_professionals_only_appointment_exists_but_not_its_content(world):
    """Seed 004: nothing about them without their knowledge — but the content is for the professionals."""
    item = appointment(world, audience=Audience.PROFESSIONALS, video_call=True)
    young = world.client("young")
    for url in (reverse("trajectories:agenda", args=[world.space.pk]), detail_url(world, item)):
        response = young.get(url)
        assert response.status_code == 200
        assert "Appointment that is not for you" in response.text
        for secret in (TITLE, PLACE, NOTES, item.video_room):
            assert secret not in response.text
    overview = young.get(reverse("trajectories:overview", args=[world.space.pk]))
    assert "An appointment that is not for you" in overview.text and TITLE not in overview.text
    assert AccessLogEntry.objects.filter(
        item_type="appointment", item_id=item.pk, outcome=AccessOutcome.EXISTENCE_ONLY, participant=world.seats["young"]
    ).exists()
    # The professional reads everything, the video link included.
    response = world.client("coordinator").get(detail_url(world, item))
    assert TITLE in response.text and item.video_url in response.text


@pytest.mark.parametrize("who", ["parent", "network", "banned_parent", "pro_b", "outsider", "superadmin"])
def test_who_may_not_see_an_appointment_gets_404(world, who):
    """The parent and the teacher do not even know a professionals-only appointment exists; people outside the
    space get the same 404 as for something that does not exist."""
    item = appointment(world, audience=Audience.PROFESSIONALS, video_call=True)
    response = world.client(who).get(detail_url(world, item))
    assert response.status_code == 404
    assert item.video_room not in response.text
    agenda_page = world.client(who).get(reverse("trajectories:agenda", args=[world.space.pk]))
    assert TITLE not in agenda_page.text and "not for you" not in agenda_page.text


def test_the_video_link_only_for_the_chosen_people(world):
    item = appointment(world, audience=Audience.CHOSEN, chosen=["young"], video_call=True)
    assert item.video_url in world.client("young").get(detail_url(world, item)).text
    assert world.client("network").get(detail_url(world, item)).status_code == 404


def test_every_agenda_page_is_private_and_not_stored(world):
    """SEC-19: every page of a space, the Agenda included, says ``no-store, private``."""
    item = appointment(world)
    client = world.client("parent")
    for url in (
        reverse("trajectories:agenda", args=[world.space.pk]),
        reverse("trajectories:agenda", args=[world.space.pk]) + "?eerder=1",
        detail_url(world, item),
        create_url(world),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_overview_shows_the_next_appointments_with_constant_queries(world, django_assert_max_num_queries):
    """The Overzicht's agenda widget: soonest first; the page costs the same with 2 and with 30 appointments."""
    appointment(world, hours=72, title="Later gesprek")
    appointment(world, hours=24, title="Eerst gesprek")
    client = world.client("parent")
    url = reverse("trajectories:overview", args=[world.space.pk])
    client.get(url)  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.text.index("Eerst gesprek") < response.text.index("Later gesprek")
    for hours in range(100, 128):
        appointment(world, hours=hours, title=f"Gesprek {hours}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "Gesprek 127" not in response.text  # the widget shows only the next few


# --- The calendar feed -------------------------------------------------------------------------------------------


def make_feed(world, who):
    response = world.client(who).post(reverse("trajectories:agenda_feed_reset", args=[world.space.pk]))
    assert response.status_code == 200
    match = re.search(r'value="(https?://[^"]+\.ics)"', response.text)
    assert match, "the new link is shown once"
    return match.group(1).split("://", 1)[1].split("/", 1)[1]


def test_the_calendar_feed_lists_only_what_its_owner_may_see_without_care_content(world, client):
    """SEC-22: the feed leaves the platform: time, a neutral summary and the link; never a title, place, notes or
    video link. Only appointments its owner may read; every listed one is a read in the access log."""
    everyone = appointment(world, video_call=True)
    professionals = appointment(world, audience=Audience.PROFESSIONALS, title="Alleen voor hulpverleners")
    path = "/" + make_feed(world, "parent")
    assert CalendarFeed.objects.get(user=world.users["parent"]).token_hash not in path  # only the hash is stored
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR") and body.count("BEGIN:VEVENT") == 1
    assert f"UID:appointment-{everyone.pk}@" in body and f"appointment-{professionals.pk}@" not in body
    for secret in (TITLE, PLACE, NOTES, everyone.video_room, "Alleen voor hulpverleners", world.space.title):
        assert secret not in body
    assert reverse("trajectories:appointment", args=[world.space.pk, everyone.pk]) in body
    assert AccessLogEntry.objects.filter(
        item_type="appointment", item_id=everyone.pk, action=AccessAction.READ, participant=world.seats["parent"]
    ).exists()
    # The coordinator's feed lists both.
    coordinator_body = client.get("/" + make_feed(world, "coordinator")).content.decode()
    assert coordinator_body.count("BEGIN:VEVENT") == 2


def test_a_reset_calendar_link_answers_404(world, client):
    appointment(world)
    old = "/" + make_feed(world, "young")
    assert client.get(old).status_code == 200
    new = "/" + make_feed(world, "young")
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200
    assert client.get(reverse("trajectories:agenda_feed", args=["verzonnen-token"])).status_code == 404


def test_the_feed_follows_a_contact_ban_at_once(world, client):
    """SEC-05: someone shut out of the space gets an empty calendar through their old link."""
    appointment(world)
    path = "/" + make_feed(world, "network")
    assert client.get(path).content.decode().count("BEGIN:VEVENT") == 1
    seat = world.seats["network"]
    seat.contact_ban = True
    seat.save()
    assert client.get(path).content.decode().count("BEGIN:VEVENT") == 0


# --- Reminders -----------------------------------------------------------------------------------------------------


def test_reminders_reach_who_may_see_the_appointment_once_without_care_content(
    world, smtp_sink, django_capture_on_commit_callbacks
):
    """REL-03: running the command twice sends one reminder per appointment and person; SEC-22: only the time and
    the link; the young person gets none for a professionals-only appointment, the banned parent none at all."""
    everyone = appointment(world, hours=5)
    professionals = appointment(world, hours=6, audience=Audience.PROFESSIONALS, title="Intervisie")
    appointment(world, hours=24 * 5, title="Nog ver weg")
    for _run in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_appointment_reminders", hours=24)
    expected = {
        "young": 1,
        "parent": 1,
        "network": 1,
        "pro_a": 2,
        "coordinator": 2,
    }
    messages = smtp_sink.wait_for(sum(expected.values()))
    import time

    time.sleep(0.3)
    assert len(smtp_sink.messages) == sum(expected.values())
    for who, count in expected.items():
        assert len(smtp_sink.to(world.users[who].email)) == count, who
    assert smtp_sink.to(world.users["banned_parent"].email) == []
    for message in messages:
        body = smtp_sink.body(message) + str(message["Subject"])
        for secret in (TITLE, PLACE, NOTES, "Intervisie", world.space.title, "Sara"):
            assert secret not in body
    links = {smtp_sink.first_url(message, "/werkruimte/") for message in smtp_sink.to(world.users["young"].email)}
    assert links == {agenda.absolute_url(reverse("trajectories:appointment", args=[world.space.pk, everyone.pk]))}
    assert professionals.pk  # professionals-only: only pro_a and the coordinator (counted above)


# --- Audiences, Wie ziet wat?, closed spaces, query counts --------------------------------------------------------


def test_whoever_holds_regie_narrows_an_appointment_and_the_parent_loses_it_at_once(world):
    """The generic "Who may see this?" page works for appointments; a forged change without regie is refused."""
    item = appointment(world)
    url = reverse("trajectories:item_audience", args=[world.space.pk, "agenda-afspraken", item.pk])
    forged = world.client("parent").post(url, {"audience": "professionals"})
    assert forged.status_code == 403
    assert world.client("parent").get(detail_url(world, item)).status_code == 200
    response = world.client("young").post(url, {"audience": "professionals"})
    assert response.status_code == 302
    assert world.client("parent").get(detail_url(world, item)).status_code == 404


def test_who_sees_what_counts_appointments(world):
    appointment(world, audience=Audience.PROFESSIONALS)
    response = world.client("young").get(reverse("trajectories:who_sees", args=[world.space.pk]))
    assert response.status_code == 200
    assert "Agenda" in response.text and "appointment" in response.text.lower()
    assert TITLE not in response.text  # the young person may not read its title, so it is not listed


def test_nothing_can_be_added_to_a_closed_space(world):
    from trajectories.models import TrajectoryStatus

    item = appointment(world)
    world.space.status = TrajectoryStatus.CLOSED
    world.space.save()
    day = timezone.localdate() + timedelta(days=3)
    assert world.client("pro_a").post(create_url(world), form_data(day)).status_code == 403
    assert world.client("pro_a").post(detail_url(world, item), form_data(day, title="x")).status_code == 403
    assert Appointment.objects.get().title == TITLE
    assert world.client("parent").get(detail_url(world, item)).status_code == 200  # still readable


@pytest.mark.parametrize("who", ["parent", "young"])
def test_the_agenda_page_costs_the_same_with_few_and_many_appointments(world, who, django_assert_max_num_queries):
    """PERF: the Agenda page's queries do not grow with the number of appointments (2 and 40)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    appointment(world)
    appointment(world, audience=Audience.CHOSEN, chosen=["young", "parent"])
    client = world.client(who)
    url = reverse("trajectories:agenda", args=[world.space.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for hours in range(100, 138):
        appointment(world, hours=hours, audience=[Audience.EVERYONE, Audience.PROFESSIONALS][hours % 2])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
