"""Failed e-mail about a young person's space keeps its subject between the participants (issue 9).

The superadmins' list of failed e-mail (core.outbox.admin) shows each message's subject. A mail about something the
superadmin may not see (an item in a collaboration space) shows only its kind: a bounced notification must not
carry care content into the administration.
"""

import pytest
from django.utils import timezone

from core.models import OutboundMessage, OutboundStatus
from core.outbox.services import queue_mail
from tests.trajectories.world import build_world
from trajectories import factories

URL = "/admin/mislukte-mail/"


@pytest.fixture
def world(organisation, other_organisation):
    return build_world(organisation, other_organisation)


def test_a_failed_mail_about_a_space_item_shows_its_kind_not_its_subject(client, world):
    goal = factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Geheim doel")
    queue_mail(
        key="space-item",
        email=world.users["young"].email,
        subject="Nieuw doel in Werkruimte van Sara Peeters",
        body="x",
        obj=goal,
        type="trajectories.item",
    )
    queue_mail(key="plain", email="iemand@example.org", subject="Bevestig je adres", body="x")
    OutboundMessage.objects.update(status=OutboundStatus.FAILED, last_error="550", next_attempt_at=timezone.now())
    client.force_login(world.users["superadmin"])

    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "Sara Peeters" not in html and "Werkruimte van" not in html
    assert "trajectories.item" in html  # its kind, so the superadmin still knows what bounced
    assert "Bevestig je adres" in html  # a mail about nothing private keeps its subject
    assert world.users["young"].email in html  # the address, to correct it
