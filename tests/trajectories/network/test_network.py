"""Netwerk (issue 5 §4, seed 004 §G): who is who, outside and emergency contacts, personal social maps.

Requirements: SEC-01/SEC-04 (a contact or a map is read by its audience only; a contact ban shuts a parent out),
SEC-14 (the access log), WCAG 2.2 AA (the social map is a list grouped by circle; the picture is extra).
"""

import pytest
from django.urls import reverse

from trajectories import factories
from trajectories.models import AccessLogEntry, Audience
from trajectories.network import services
from trajectories.network.models import Contact, SocialMap, SocialMapPerson

pytestmark = pytest.mark.django_db


def url(world, name, *args):
    return reverse(f"trajectories:{name}", args=[world.space.pk, *args])


def contact(world, *, author="pro_a", **fields):
    values = {"name": "Dokter Janssens", "relation": "huisarts", "phone": "+32 9 123 45 67", **fields}
    item = Contact.objects.create(trajectory=world.space, author=world.seats[author], **values)
    return item


def test_who_is_who_lists_the_people_taking_part_with_relation_organisation_and_role(world):
    """A professional's organisation is the one that declared them (issue 9), never a name typed for them."""
    page = world.client("parent").get(url(world, "network")).content.decode()
    for text in ("Sara Peeters", "mama", "leerkracht", "consulent", world.organisation_a.title, "Young person"):
        assert text in page
    assert "Coordinator" in page
    assert "CAW Oost" not in page
    assert "papa" not in page  # the parent under a contact ban is not listed to the others


def test_contacts_follow_their_audience_and_emergency_contacts_come_first(world):
    contact(world, name="Oma Lies", relation="oma", is_emergency=True, author="parent")
    secret = contact(world, name="Meneer Geheim", audience=Audience.PROFESSIONALS)
    parent = world.client("parent").get(url(world, "network")).content.decode()
    assert "Oma Lies" in parent and "Emergency contact" in parent
    assert parent.index("Oma Lies") < parent.index("Who is who in this space")
    assert "Meneer Geheim" not in parent
    young = world.client("young").get(url(world, "network")).content.decode()
    assert "Meneer Geheim" not in young and "Contact that is not for you" in young
    assert "Meneer Geheim" in world.client("coordinator").get(url(world, "network")).content.decode()
    item = url(world, "item", "contacten", secret.pk)
    assert world.client("parent").get(item).status_code == 404
    assert world.client("coordinator").get(item).status_code == 200
    for who in ("banned_parent", "pro_b", "superadmin", "outsider"):
        assert world.client(who).get(url(world, "network")).status_code == 404


def test_adding_a_contact_through_the_generic_item_form(world):
    client = world.client("young")
    response = client.post(
        url(world, "item_create", "contacten"),
        {
            "name": "Coach Tom",
            "relation": "voetbaltrainer",
            "phone": "0470 12 34 56",
            "is_emergency": "on",
            "audience": "everyone",
        },
    )
    assert response.status_code == 302
    created = Contact.objects.get()
    assert created.is_emergency and created.author == world.seats["young"]
    bad = client.post(
        url(world, "item_create", "contacten"), {"name": "", "email": "geen-adres", "audience": "everyone"}
    )
    assert bad.status_code == 400
    assert "Write a name." in bad.content.decode()
    assert Contact.objects.count() == 1


def test_a_social_map_is_only_for_its_owner_until_they_share_it(world):
    services.social_map_add_person(
        trajectory=world.space, by=world.users["young"], name="Bram", circle="vrienden", closeness=1
    )
    services.social_map_add_person(trajectory=world.space, by=world.users["young"], name="Juf Ann", circle="school")
    social_map = SocialMap.objects.get()
    assert social_map.audience == Audience.CHOSEN and not social_map.chosen.exists()
    mine = world.client("young").get(url(world, "my_social_map")).content.decode()
    assert "Bram" in mine and "Juf Ann" in mine
    # Grouped by circle, every circle named (the accessible form; the picture is hidden from screen readers).
    for circle in ("Household", "Family", "Friends", "School or work", "Care and support", "Free time"):
        assert f">{circle}</h3>" in mine
    assert 'aria-hidden="true"' in mine
    for who in ("parent", "pro_a", "coordinator"):
        assert world.client(who).get(url(world, "social_map", social_map.pk)).status_code == 404
        assert "Bram" not in world.client(who).get(url(world, "network")).content.decode()

    response = world.client("young").post(
        url(world, "my_social_map_share"), {"audience": "chosen", "chosen": [world.seats["pro_a"].pk]}
    )
    assert response.status_code == 302
    assert "Bram" in world.client("pro_a").get(url(world, "social_map", social_map.pk)).content.decode()
    assert world.client("parent").get(url(world, "social_map", social_map.pk)).status_code == 404

    world.client("young").post(url(world, "my_social_map_share"), {"audience": "only_me"})
    assert world.client("pro_a").get(url(world, "social_map", social_map.pk)).status_code == 404


def test_the_young_person_sees_that_a_parents_map_exists_but_not_who_is_on_it(world):
    services.social_map_add_person(trajectory=world.space, by=world.users["parent"], name="Tante Mia", circle="familie")
    page = world.client("young").get(url(world, "network")).content.decode()
    assert "Social map that is not for you" in page
    assert "Tante Mia" not in page
    social_map = SocialMap.objects.get()
    detail = world.client("young").get(url(world, "social_map", social_map.pk)).content.decode()
    assert "Tante Mia" not in detail


def test_only_the_owner_changes_a_social_map(world):
    person = services.social_map_add_person(
        trajectory=world.space, by=world.users["young"], name="Bram", circle="vrienden"
    )
    services.social_map_share(trajectory=world.space, by=world.users["young"], audience=Audience.EVERYONE)
    response = world.client("parent").post(url(world, "my_social_map_remove", person.pk))
    assert response.status_code == 404
    assert SocialMapPerson.objects.filter(pk=person.pk).exists()
    # The parent's own map page never shows someone else's people.
    assert "Bram" not in world.client("parent").get(url(world, "my_social_map")).content.decode()
    response = world.client("young").post(url(world, "my_social_map_remove", person.pk), {"confirm": "yes"})
    assert response.status_code == 302
    assert not SocialMapPerson.objects.filter(pk=person.pk).exists()


def test_the_form_says_what_is_missing(world):
    response = world.client("young").post(url(world, "my_social_map"), {"name": "", "circle": "maan", "closeness": 2})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Write a name." in body
    assert not SocialMapPerson.objects.exists()


def test_reads_and_writes_of_maps_are_in_the_access_log(world):
    services.social_map_add_person(trajectory=world.space, by=world.users["young"], name="Bram", circle="vrienden")
    world.client("young").get(url(world, "network"))
    rows = AccessLogEntry.objects.filter(item_type="social_map")
    assert rows.filter(action="create").exists() and rows.filter(action="update").exists()
    assert rows.filter(action="read", participant=world.seats["young"]).exists()


@pytest.mark.parametrize("size", [2, 25])
def test_the_network_page_costs_the_same_number_of_queries(world, django_assert_max_num_queries, size):
    for n in range(size):
        contact(world, name=f"Contact {n}")
        factories.log_entry(trajectory=world.space, author=world.seats["young"])
    for who in ("young", "parent", "pro_a"):
        services.social_map_add_person(trajectory=world.space, by=world.users[who], name="Iemand", circle="gezin")
        services.social_map_share(trajectory=world.space, by=world.users[who], audience=Audience.EVERYONE)
    client = world.client("young")
    with django_assert_max_num_queries(13):  # 12, plus the person's own look on a cold cache (issue 15 §10)
        assert client.get(url(world, "network")).status_code == 200
