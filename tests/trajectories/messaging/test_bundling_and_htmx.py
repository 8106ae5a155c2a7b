"""Messages in everyday use (issue 15 §7): sending keeps the conversation in place (htmx swaps only the form; the
plain form still works without JavaScript), and mail is bundled: at most one mail per conversation per quarter of
an hour while the person has not read it.

Requirements: REL-03 (mail leaves through the outbox after commit), SEC-22 (the mail names nothing).
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import OutboundMessage
from core.notifications.models import Notification
from trajectories.messaging import services
from trajectories.messaging.models import Message
from trajectories.models import Audience

pytestmark = pytest.mark.django_db


def start(world):
    return services.thread_start(
        trajectory=world.space,
        by=world.users["young"],
        subject="Weekend thuis",
        text="Mag ik naar huis?",
        audience=Audience.CHOSEN,
        chosen=[world.seats["pro_a"].pk],
    )


def mails_to(world, who):
    return OutboundMessage.objects.filter(type="trajectories.message", email=world.users[who].email).count()


def test_ten_messages_in_a_minute_make_one_mail(world):
    thread = start(world)
    for n in range(9):
        services.message_send(thread=thread, by=world.users["young"], text=f"Bericht {n}")
    assert Message.objects.filter(thread=thread).count() == 10
    assert mails_to(world, "pro_a") == 1
    assert Notification.objects.filter(recipient=world.users["pro_a"]).count() == 1
    assert mails_to(world, "young") == 0  # never told about their own messages


def test_after_reading_the_next_message_is_a_new_mail(world):
    thread = start(world)
    services.message_send(thread=thread, by=world.users["young"], text="Nog iets")
    world.client("pro_a").get(reverse("trajectories:thread", args=[world.space.pk, thread.pk]))  # she reads
    services.message_send(thread=thread, by=world.users["young"], text="En nog iets")
    assert mails_to(world, "pro_a") == 2
    # and the answer reaches the young person once, however many lines the professional sends
    for text in ("Ik kijk het na.", "Dat is goed.", "Tot vrijdag."):
        services.message_send(thread=thread, by=world.users["pro_a"], text=text)
    assert mails_to(world, "young") == 1


def test_unread_for_more_than_a_quarter_of_an_hour_gets_one_reminder(world):
    thread = start(world)
    Message.objects.filter(thread=thread).update(created_at=timezone.now() - timedelta(minutes=16))
    services.message_send(thread=thread, by=world.users["young"], text="Ben je er?")
    services.message_send(thread=thread, by=world.users["young"], text="Hallo?")
    assert mails_to(world, "pro_a") == 2


def test_sending_with_htmx_answers_only_the_emptied_form_and_tells_the_poller(world):
    thread = start(world)
    url = reverse("trajectories:thread", args=[world.space.pk, thread.pk])
    response = world.client("young").post(url, {"text": "Via htmx"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert response["HX-Trigger"] == "message-sent"
    assert html.lstrip().startswith("<form") and 'id="nieuw-bericht"' in html
    assert "Via htmx" not in html and "<html" not in html  # emptied; not the whole page
    assert Message.objects.filter(thread=thread, text="Via htmx").exists()


def test_a_mistake_with_htmx_comes_back_in_the_form_and_without_javascript_the_page_reloads(world):
    thread = start(world)
    url = reverse("trajectories:thread", args=[world.space.pk, thread.pk])
    empty = world.client("young").post(url, {"text": ""}, headers={"HX-Request": "true"})
    assert empty.status_code == 400 and "HX-Trigger" not in empty
    assert 'id="nieuw-bericht"' in empty.content.decode() and "<html" not in empty.content.decode()
    plain = world.client("young").post(url, {"text": "Zonder JavaScript"})
    assert plain.status_code == 302 and plain["Location"].endswith("#nieuw-bericht")
    page = world.client("young").get(url).content.decode()
    assert 'hx-trigger="every 2s, message-sent from:body"' in page


def test_someone_outside_the_thread_cannot_send_with_htmx_either(world):
    thread = start(world)
    url = reverse("trajectories:thread", args=[world.space.pk, thread.pk])
    response = world.client("parent").post(url, {"text": "Ik wil meelezen"}, headers={"HX-Request": "true"})
    assert response.status_code == 404
    assert not Message.objects.filter(text="Ik wil meelezen").exists()
