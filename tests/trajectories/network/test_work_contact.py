"""Who is who shows a professional's work phone and e-mail where they chose to share them (issue 15 §9; seed 004:
"contactgegevens van betrokken hulpverleners").

Requirements: SEC-01 (only the people in the space see them), SEC-14 (the change is in the access log).
"""

import pytest
from django.urls import reverse

from trajectories.models import AccessLogEntry, Participant

pytestmark = pytest.mark.django_db

DETAILS = {"phone": "+32 9 234 56 78", "email": "Hanne.Desmet@CAW.example", "share": "on"}


def network(world, who):
    return world.client(who).get(reverse("trajectories:network", args=[world.space.pk])).content.decode()


def save(world, who, data):
    return world.client(who).post(reverse("trajectories:work_contact", args=[world.space.pk]), data)


def test_a_professional_shares_work_contact_details_and_everyone_in_the_space_sees_them(world):
    assert 'id="my-work-contact"' in network(world, "pro_a")
    response = save(world, "pro_a", DETAILS)
    assert response.status_code == 302
    for who in ("young", "parent", "network", "coordinator"):
        page = network(world, who)
        assert 'href="tel:+3292345678"' in page and "hanne.desmet@caw.example" in page
    assert AccessLogEntry.objects.filter(item_type="participant", item_id=world.seats["pro_a"].pk).exists()
    for who in ("outsider", "pro_b", "banned_parent"):
        assert world.client(who).get(reverse("trajectories:network", args=[world.space.pk])).status_code == 404


def test_details_not_chosen_to_share_stay_hidden(world):
    save(world, "pro_a", {**DETAILS, "share": ""})
    seat = Participant.objects.get(pk=world.seats["pro_a"].pk)
    assert seat.work_phone == "+32 9 234 56 78" and not seat.shares_work_contact
    assert "+32 9 234 56 78" not in network(world, "young")
    assert 'value="+32 9 234 56 78"' in network(world, "pro_a")  # her own form keeps them


def test_only_professionals_keep_work_contact_details(world):
    assert 'id="my-work-contact"' not in network(world, "young")
    assert save(world, "young", DETAILS).status_code == 403
    assert save(world, "parent", DETAILS).status_code == 403
    assert not Participant.objects.filter(shares_work_contact=True).exists()


def test_a_wrong_phone_number_is_named_and_what_was_typed_is_kept(world):
    response = save(world, "pro_a", {**DETAILS, "phone": "bel me maar"})
    html = response.content.decode()
    assert response.status_code == 400 and "Write a phone number with digits" in html
    assert 'value="bel me maar"' in html
    assert not Participant.objects.get(pk=world.seats["pro_a"].pk).shares_work_contact
