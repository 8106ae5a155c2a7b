"""After a transfer (issue 13 §5) the previous organisation's professionals are no longer shown as in the space: the
People page lists them apart, under "Involved before" with the day their access ended — for the young person, who
wants to know who read along and until when, and for whoever holds regie; the others do not see who left.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import Role as SiteRole
from core.roles.services import assign_role

pytestmark = pytest.mark.django_db


def people_page(world, who):
    return world.client(who).get(reverse("trajectories:participants", args=[world.space.pk])).content.decode()


def current_part(body):
    return body.split("Involved before")[0]


def test_previous_professionals_show_as_involved_before_with_their_end_date(world):
    assign_role(user=world.users["pro_b"], role=SiteRole.CARE_PROFESSIONAL, page=world.organisation_b)
    data = {
        "organisation": world.organisation_b.pk,
        "effective_on": timezone.localdate().isoformat(),
        "receiving_email": world.users["pro_b"].email,
    }
    assert world.client("young").post(reverse("trajectories:transfer", args=[world.space.pk]), data).status_code == 302
    body = people_page(world, "young")
    assert "Involved before" in body
    former = body.split("Involved before")[1]
    for who in ("pro_a", "coordinator"):
        label = world.seats[who].label
        assert label in former and label not in current_part(body), who
    assert "Until" in former
    assert world.seats["parent"].label in current_part(body)
    assert "Involved before" not in people_page(world, "parent")
    assert world.seats["pro_a"].label not in people_page(world, "parent")
