"""Mail on closing and reopening (issue 13 §4): everyone who read the space is told, with a neutral subject and no
care content (SEC-22); who still reads gets the link to the space, who no longer reads gets a link to their spaces.
After each transition the sweep's rule is checked again (SEC-01, SEC-05).
"""

import pytest
from django.urls import reverse

from core.models import Notification, OutboundMessage
from tests.security.test_trajectory_sweep import AUDIENCES, build
from tests.trajectories.closure.test_closure import REASON, assert_readers, close
from trajectories import factories
from trajectories.spaces import services
from trajectories.spaces.mail import STATUS_NOTIFICATION_TYPE

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(world):
    factories.goal(trajectory=world.space, author=world.seats["pro_a"], title="Gewoon doel")
    return world


def mails():
    return {m.recipient.email.split("@")[0]: m for m in OutboundMessage.objects.filter(type=STATUS_NOTIFICATION_TYPE)}


@pytest.mark.parametrize("audience", AUDIENCES)
def test_closing_and_reopening_mail_everyone_neutrally_and_the_sweep_holds(world, audience):
    """The young person closes keeping her mum and the counsellor: she (the actor) gets no mail, the kept ones a
    neutral mail linking the space, the teacher and the coordinator a mail that a space changed — none names the
    space, anyone in it or the reason; the banned dad, outsiders and organisation B nothing. Reopened by her: the
    people back in are told once more; who reads what matches the sweep after each step."""
    built = {audience: build(world, "goal", audience)}
    assert close(world).status_code == 302
    assert_readers(world, built, {"young", "parent", "pro_a"})
    sent = mails()
    assert set(sent) == {"parent", "pro_a", "network", "coordinator"}
    overview = reverse("trajectories:overview", args=[world.space.pk])
    for who, mail in sent.items():
        text = mail.subject + mail.body
        assert world.space.title not in text and REASON not in text and "Sara" not in text
        assert (overview in mail.body) == (who in {"parent", "pro_a"}), who
    assert not Notification.objects.filter(recipient=world.users["young"], type=STATUS_NOTIFICATION_TYPE).exists()

    OutboundMessage.objects.filter(type=STATUS_NOTIFICATION_TYPE).delete()
    services.trajectory_reopen(trajectory=world.space, by=world.users["young"], consent=True)
    assert_readers(world, built, {"young", "parent", "network", "pro_a", "coordinator"})
    sent = mails()
    assert set(sent) == {"parent", "pro_a", "network", "coordinator"}
    assert all(overview in mail.body and world.space.title not in mail.subject + mail.body for mail in sent.values())
