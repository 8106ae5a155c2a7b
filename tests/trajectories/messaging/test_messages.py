"""Berichten (issue 5 §4): threads among chosen participants, messages, unread counts, the 2-second refresh and
the notification e-mail.

Requirements: SEC-01/SEC-04 (only the people in a conversation read it; a contact ban shuts a parent out),
SEC-14 (the access log), SEC-22 (mail about a space carries no care content), PERF-02 (the refresh fragment
and the list at a constant number of queries), REL-03 (mail leaves through the outbox after commit).
"""

import re

import pytest
from django.urls import reverse

from core.models import OutboundMessage
from trajectories.messaging import services
from trajectories.messaging.models import Message, MessageThread, ThreadReadState
from trajectories.models import AccessLogEntry, Audience
from trajectories.spaces import services as space_services

pytestmark = pytest.mark.django_db


def start(world, who="young", chosen=("pro_a",), audience=Audience.CHOSEN, subject="Weekend thuis", text="Mag ik?"):
    return services.thread_start(
        trajectory=world.space,
        by=world.users[who],
        subject=subject,
        text=text,
        audience=audience,
        chosen=[world.seats[name].pk for name in chosen],
    )


def url(world, name, *args):
    return reverse(f"trajectories:{name}", args=[world.space.pk, *args])


def test_only_the_chosen_people_and_the_author_read_a_thread(world):
    """SEC-01: a thread with the counsellor is read by the young person and the counsellor; the parent, the
    coordinator, the parent under a contact ban, professionals of another organisation and the superadmin get
    the same 404 as for a thread that does not exist."""
    thread = start(world)
    for who in ("young", "pro_a"):
        response = world.client(who).get(url(world, "thread", thread.pk))
        assert response.status_code == 200
        assert "Mag ik?" in response.content.decode()
    missing = world.client("parent").get(url(world, "thread", 999999))
    for who in ("parent", "coordinator", "network", "banned_parent", "pro_b", "outsider", "superadmin"):
        response = world.client(who).get(url(world, "thread", thread.pk))
        assert response.status_code == 404, who
        assert "Mag ik?" not in response.content.decode()
        assert "Weekend thuis" not in response.content.decode()
    assert missing.status_code == 404


def test_a_message_to_a_thread_you_are_not_in_is_a_404_and_writes_nothing(world):
    """Bad input (issue 5): a forged POST to someone else's conversation answers 404 and stores nothing; the
    refusal is in the access log."""
    thread = start(world)
    before = Message.objects.count()
    for who in ("parent", "coordinator", "banned_parent", "pro_b"):
        response = world.client(who).post(url(world, "thread", thread.pk), {"text": "Ik lees mee"})
        assert response.status_code == 404, who
    assert Message.objects.count() == before
    with pytest.raises(services.ThreadNotFound):
        services.message_send(thread=thread, by=world.users["parent"], text="Ik lees mee")
    assert AccessLogEntry.objects.filter(item_type="message_thread", item_id=thread.pk, outcome="refused").exists()


def test_the_young_person_sees_a_professionals_only_thread_exists_but_cannot_read_or_write_in_it(world):
    """Seed 004: nothing about the young person without their knowledge; but no content either."""
    thread = start(world, who="pro_a", chosen=(), audience=Audience.PROFESSIONALS, subject="Overleg", text="Geheim")
    listing = world.client("young").get(url(world, "messages")).content.decode()
    assert "Conversation that is not for you" in listing
    assert "Overleg" not in listing and "Geheim" not in listing
    page = world.client("young").get(url(world, "thread", thread.pk))
    assert page.status_code == 200
    assert "Geheim" not in page.content.decode() and "Overleg" not in page.content.decode()
    assert "thread-poller" not in page.content.decode()
    assert world.client("young").post(url(world, "thread", thread.pk), {"text": "Hallo"}).status_code == 404
    assert world.client("young").get(url(world, "thread_poll", thread.pk) + "?na=0").status_code == 404
    assert world.client("coordinator").get(url(world, "thread", thread.pk)).status_code == 200
    assert world.client("parent").get(url(world, "messages")).content.decode().count("not for you") == 0


def test_a_parent_under_a_contact_ban_cannot_be_chosen(world):
    with pytest.raises(Exception) as error:
        start(world, chosen=("banned_parent",))
    assert "Choose people who take part in this space." in str(error.value)
    assert not MessageThread.objects.exists()


def test_starting_a_thread_through_the_form(world):
    client = world.client("young")
    response = client.post(
        url(world, "thread_create"),
        {
            "subject": "Vraag",
            "text": "Wanneer is het gesprek?",
            "audience": "chosen",
            "chosen": [world.seats["pro_a"].pk],
        },
    )
    thread = MessageThread.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(world, "thread", thread.pk)
    assert thread.audience == Audience.CHOSEN
    assert list(thread.chosen.values_list("pk", flat=True)) == [world.seats["pro_a"].pk]
    assert thread.message_count == 1


def test_the_form_keeps_what_was_typed_and_says_what_is_missing(world):
    client = world.client("young")
    response = client.post(
        url(world, "thread_create"), {"subject": "", "text": "Mijn lange bericht", "audience": "chosen"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Write what the conversation is about." in body
    assert "Choose at least one person who may see this." in body
    assert "Mijn lange bericht" in body
    thread = start(world)
    response = client.post(url(world, "thread", thread.pk), {"text": "   "})
    assert response.status_code == 400
    assert "Write a message." in response.content.decode()
    assert Message.objects.filter(thread=thread).count() == 1


def test_unread_counts_are_kept_when_writing_and_cleared_when_reading(world):
    """Unread numbers come from the counter kept in the write transaction; the author's own messages are read."""
    thread = start(world)
    services.message_send(thread=thread, by=world.users["pro_a"], text="Ja hoor")
    services.message_send(thread=thread, by=world.users["pro_a"], text="Tot vrijdag")
    thread.refresh_from_db()
    assert thread.message_count == 3
    young = ThreadReadState.objects.get(thread=thread, participant=world.seats["young"])
    pro = ThreadReadState.objects.get(thread=thread, participant=world.seats["pro_a"])
    assert (young.read_count, pro.read_count) == (1, 3)

    listing = world.client("young").get(url(world, "messages")).content.decode()
    assert "2 new messages" in listing
    overview = world.client("young").get(url(world, "overview")).content.decode()
    assert "2 new messages" in overview and "Weekend thuis" in overview
    assert "new message" not in world.client("pro_a").get(url(world, "messages")).content.decode()

    world.client("young").get(url(world, "thread", thread.pk))
    young.refresh_from_db()
    assert young.read_count == 3
    assert "No new messages." in world.client("young").get(url(world, "overview")).content.decode()
    # The parent is not in the conversation: nothing about it on their overview.
    assert "Weekend thuis" not in world.client("parent").get(url(world, "overview")).content.decode()


def test_someone_who_is_taken_out_loses_the_unread_count_and_the_thread(world):
    """SEC-05: a participant removed from the space sees nothing more, not even an unread number."""
    thread = start(world, chosen=("pro_a", "parent"))
    services.message_send(thread=thread, by=world.users["pro_a"], text="Nieuws")
    assert "new message" in world.client("parent").get(url(world, "overview")).content.decode()
    world.seats["parent"].contact_ban = True
    world.seats["parent"].save()
    assert world.client("parent").get(url(world, "overview")).status_code == 404
    assert world.client("parent").get(url(world, "thread", thread.pk)).status_code == 404


def test_the_refresh_returns_only_newer_messages(world):
    """New messages appear within 2 seconds: the page polls every 2 s for messages after the last one shown."""
    thread = start(world)
    page = world.client("pro_a").get(url(world, "thread", thread.pk)).content.decode()
    first = Message.objects.get(thread=thread)
    assert 'hx-trigger="every 2s, message-sent from:body"' in page
    assert f"?na={first.pk}" in page
    assert "Check for new messages" in page  # without JavaScript: a link that reloads the page

    poll = world.client("pro_a").get(url(world, "thread_poll", thread.pk) + f"?na={first.pk}")
    assert poll.status_code == 200
    assert "Mag ik?" not in poll.content.decode()
    assert "no-store" in poll["Cache-Control"] and "private" in poll["Cache-Control"]

    second = services.message_send(thread=thread, by=world.users["young"], text="Ben je er nog?")
    poll = world.client("pro_a").get(url(world, "thread_poll", thread.pk) + f"?na={first.pk}").content.decode()
    assert "Ben je er nog?" in poll
    assert 'hx-swap-oob="beforeend:#thread-messages"' in poll
    assert f"?na={second.pk}" in poll
    assert ThreadReadState.objects.get(thread=thread, participant=world.seats["pro_a"]).read_count == 2


@pytest.mark.parametrize("new", [1, 40])
def test_the_refresh_costs_the_same_number_of_queries(world, django_assert_max_num_queries, new):
    """PERF-02: the 2-second fragment runs a fixed number of queries, however many messages arrived."""
    thread = start(world)
    first = Message.objects.get(thread=thread)
    for n in range(new):
        services.message_send(thread=thread, by=world.users["young"], text=f"Bericht {n}")
    client = world.client("pro_a")
    with django_assert_max_num_queries(9):
        response = client.get(url(world, "thread_poll", thread.pk) + f"?na={first.pk}")
    assert response.content.decode().count('id="bericht-') == new


@pytest.mark.parametrize("threads", [2, 30])
def test_the_list_and_a_thread_cost_the_same_number_of_queries(world, django_assert_max_num_queries, threads):
    for n in range(threads):
        thread = start(world, subject=f"Onderwerp {n}")
        services.message_send(thread=thread, by=world.users["pro_a"], text="Antwoord")
    client = world.client("young")
    with django_assert_max_num_queries(10):
        assert client.get(url(world, "messages")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(url(world, "thread", thread.pk)).status_code == 200


def test_the_notification_mail_names_nothing_and_links_but_carries_no_message(
    world, django_capture_on_commit_callbacks
):
    """SEC-22, issue 9: the e-mail says there is something new in your space, with a link; never the space's name,
    the subject or the text. Only the people in the conversation are told, never the author."""
    from trajectories.messaging.services import news_title

    with django_capture_on_commit_callbacks(execute=False):
        thread = start(world, chosen=("pro_a", "parent"), subject="Ruzie thuis", text="Papa was boos")
    mails = list(OutboundMessage.objects.filter(type="trajectories.message"))
    assert sorted(m.email for m in mails) == sorted([world.users["pro_a"].email, world.users["parent"].email])
    for message in mails:
        text = message.subject + message.body
        assert "Ruzie" not in text and "Papa was boos" not in text
        assert world.space.title not in text and "Sara" not in text
        assert message.subject.endswith(news_title())  # "Er is iets nieuws in je werkruimte"
        assert re.search(rf"/werkruimte/{world.space.pk}/berichten/{thread.pk}/", message.body)
    assert not OutboundMessage.objects.filter(email=world.users["banned_parent"].email).exists()
    assert not OutboundMessage.objects.filter(email=world.users["coordinator"].email).exists()


def test_nothing_can_be_written_in_a_closed_space(world):
    thread = start(world)
    space_services.trajectory_close(trajectory=world.space, by=world.users["young"], reason="De hulp stopt.")
    response = world.client("young").post(url(world, "thread", thread.pk), {"text": "Nog iets"})
    assert response.status_code == 403
    assert Message.objects.filter(thread=thread).count() == 1
    assert "Your message" not in world.client("young").get(url(world, "thread", thread.pk)).content.decode()


def test_reading_and_writing_are_in_the_access_log(world):
    """SEC-14: who wrote in and who read which conversation."""
    thread = start(world)
    world.client("pro_a").get(url(world, "thread", thread.pk))
    rows = AccessLogEntry.objects.filter(item_type="message_thread", item_id=thread.pk)
    assert rows.filter(action="create", participant=world.seats["young"]).exists()
    assert rows.filter(action="update", participant=world.seats["young"]).exists()
    assert rows.filter(action="read", participant=world.seats["pro_a"]).exists()
