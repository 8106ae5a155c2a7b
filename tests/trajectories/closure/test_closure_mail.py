"""Mail on closing and reopening (issue 13 §4): everyone who read the space is told, with a neutral subject and no
care content (SEC-22); who still reads gets the link to the space, who no longer reads gets a link to their spaces.
After each transition the sweep's rule is checked again (SEC-01, SEC-05).
"""

import functools

import pytest
from django.urls import reverse

from core.models import Notification, OutboundMessage
from tests.security.test_trajectory_sweep import AUDIENCES, build
from tests.trajectories.closure.test_closure import REASON, audience_problems, close, once_in_english, sweep_world
from trajectories.spaces import services
from trajectories.spaces.mail import STATUS_NOTIFICATION_TYPE

pytestmark = pytest.mark.django_db


def mails():
    return {m.recipient.email.split("@")[0]: m for m in OutboundMessage.objects.filter(type=STATUS_NOTIFICATION_TYPE)}


def _mail_and_sweep(shared):
    """Close and reopen with a goal of every audience in the space: the mails after each step, and the sweep's
    problems per audience after each step."""
    world = sweep_world(shared)
    built = {audience: build(world, "goal", audience) for audience in AUDIENCES}
    assert close(world).status_code == 302
    problems = audience_problems(world, built, {"young", "parent", "pro_a"})
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
    after = audience_problems(world, built, {"young", "parent", "network", "pro_a", "coordinator"})
    sent = mails()
    assert set(sent) == {"parent", "pro_a", "network", "coordinator"}
    assert all(overview in mail.body and world.space.title not in mail.subject + mail.body for mail in sent.values())
    return {audience: problems[audience] + after[audience] for audience in AUDIENCES}


@pytest.fixture(scope="module")
def mail_problems(shared_world, django_db_blocker):
    """Closing, reopening and the sweeps after each, once for the module (tests/fixtures/worlds.py)."""
    return once_in_english(django_db_blocker, functools.partial(_mail_and_sweep, shared_world))


@pytest.mark.parametrize("audience", AUDIENCES)
def test_closing_and_reopening_mail_everyone_neutrally_and_the_sweep_holds(mail_problems, audience):
    """The young person closes keeping her mum and the counsellor: she (the actor) gets no mail, the kept ones a
    neutral mail linking the space, the teacher and the coordinator a mail that a space changed — none names the
    space, anyone in it or the reason; the banned dad, outsiders and organisation B nothing. Reopened by her: the
    people back in are told once more; who reads what matches the sweep after each step (a goal of every audience
    in the space at once)."""
    assert mail_problems[audience] == []
