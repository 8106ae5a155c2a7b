"""The space's Overzicht (issue 5 §4): next appointments, open actions, latest log entries, unread messages, at
a fixed number of queries with 10 and with 1,000 items (PERF-02; issue 5: ≤ 10 queries)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from trajectories import factories
from trajectories.messaging.models import Message, MessageThread, ThreadReadState
from trajectories.models import Action, Audience, Goal, LogEntry

pytestmark = pytest.mark.django_db

AUDIENCES = [Audience.EVERYONE, Audience.PROFESSIONALS, Audience.CHOSEN]


def fill(world, items):
    """`items` items spread over the kinds on the Overzicht (goals, actions, log entries, conversations with
    messages, appointments when the Agenda exists), every audience, written by several people."""
    authors = [world.seats[who] for who in ("young", "parent", "pro_a", "coordinator")]
    share = max(items // 5, 1)
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"])
    Goal.objects.bulk_create(
        Goal(trajectory=world.space, author=authors[n % 4], title=f"Doel {n}", audience=AUDIENCES[n % 3])
        for n in range(share)
    )
    Action.objects.bulk_create(
        Action(
            trajectory=world.space,
            author=authors[n % 4],
            goal=goal,
            title=f"Actie {n}",
            audience=AUDIENCES[n % 3],
            due_date=timezone.localdate() + timedelta(days=n % 30),
        )
        for n in range(share)
    )
    LogEntry.objects.bulk_create(
        LogEntry(trajectory=world.space, author=authors[n % 4], text=f"Verslag {n}", audience=AUDIENCES[n % 3])
        for n in range(share)
    )
    threads = MessageThread.objects.bulk_create(
        MessageThread(
            trajectory=world.space,
            author=authors[n % 4],
            subject=f"Gesprek {n}",
            audience=AUDIENCES[n % 2],
            message_count=1,
        )
        for n in range(share)
    )
    Message.objects.bulk_create(
        Message(thread=thread, trajectory=world.space, author=thread.author, text="Hallo") for thread in threads
    )
    ThreadReadState.objects.bulk_create(
        ThreadReadState(thread=thread, participant=thread.author, read_count=1) for thread in threads
    )
    from trajectories.agenda.models import Appointment

    start = timezone.now() + timedelta(days=1)
    Appointment.objects.bulk_create(
        Appointment(
            trajectory=world.space,
            author=authors[n % 4],
            title=f"Afspraak {n}",
            start=start + timedelta(hours=n),
            end=start + timedelta(hours=n, minutes=30),
            audience=AUDIENCES[n % 3],
        )
        for n in range(share)
    )


@pytest.mark.parametrize("items", [10, 1000])
@pytest.mark.parametrize("who", ["young", "parent", "pro_a"])
def test_the_overview_costs_at_most_ten_queries(world, django_assert_max_num_queries, items, who):
    """PERF-02: ≤ 10 queries for the Overzicht at 10 and at 1,000 items, for the young person (placeholders
    too), a parent and a professional."""
    fill(world, items)
    client = world.client(who)
    client.get(reverse("trajectories:overview", args=[world.space.pk]))  # the session and caches settle
    with django_assert_max_num_queries(10):
        response = client.get(reverse("trajectories:overview", args=[world.space.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "new message" in body  # unread conversations by the others
    assert "Actie" in body


def test_the_overview_shows_unread_messages_only_from_conversations_one_is_in(world):
    fill(world, 10)
    body = world.client("network").get(reverse("trajectories:overview", args=[world.space.pk])).content.decode()
    # The teacher is in none of the chosen conversations: those never show, not even as a number.
    assert "Gesprek 1" not in body and "Gesprek 3" not in body
