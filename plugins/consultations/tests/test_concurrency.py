"""One ballot per person under concurrency (REL-02): 20 identical submits at once give one ballot; the others are
told they already took part, and nobody gets a 500. Real parallel transactions need PostgreSQL."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from werkgroepen_consultations.consultation.models import Ballot, Tally
from werkgroepen_consultations.votes.models import VoteChoice

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel transactions need PostgreSQL")

SUBMITS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_identical_ballots_make_one(budget_vote, theme_member):
    url = reverse("consultations:vote", args=[budget_vote.pk])
    option = str(budget_vote.vote_options.get(title="Bankjes").pk)
    clients = []
    for _ in range(SUBMITS):
        client = Client()
        client.force_login(theme_member)
        clients.append(client)
    barrier = threading.Barrier(SUBMITS)
    statuses = []

    def submit(client):
        try:
            barrier.wait()
            statuses.append(client.post(url, {"option": [option]}).status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [302] + [409] * (SUBMITS - 1)
    assert Ballot.objects.count() == 1 and VoteChoice.objects.count() == 1
    assert Tally.objects.get(consultation=budget_vote).ballots == 1
