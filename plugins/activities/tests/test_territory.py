"""Territory (seed 002, "op mijn grondgebied"): a municipality's moderators see and moderate the activities located
in its postcodes, whoever published them, and nothing of another municipality's territory. SEC-05 (no
cross-organisation reads), REL-01 (bulk actions go through the same services)."""

import pytest

from core.notifications.models import Notification
from themes.factories import organisation_page
from werkgroepen_activities.activities.models import Status
from werkgroepen_activities.activities.services import activity_depublish, activity_publish

from .conftest import build_activity, switch_on


@pytest.fixture
def municipality_b(home, admin_of):
    b = organisation_page(title="Gemeente Anderdorp")
    switch_on(b, postcodes="9000")
    return b


@pytest.fixture
def moderator_b(municipality_b, admin_of):
    return admin_of(municipality_b, "moderator@anderdorp.example")


def territory_url(organisation):
    return f"/activiteiten/{organisation.slug}/grondgebied/"


def test_a_moderator_sees_the_activities_of_their_territory(client, activity_factory, moderator):
    here = activity_factory(title="Hier in Houtem")
    client.force_login(moderator)
    response = client.get(territory_url(here.organisation))
    assert response.status_code == 200
    assert [activity.pk for activity in response.context["page"].items] == [here.pk]


def test_a_moderator_of_a_sees_nothing_of_bs_territory(client, switched_on, moderator, municipality_b, moderator_b):
    in_b = build_activity(municipality_b, title="Taalcafé Gent", postcode="9000", municipality="Gent")
    client.force_login(moderator)
    assert client.get(territory_url(municipality_b)).status_code == 404
    assert client.get(in_b.get_absolute_url()).status_code == 404  # a draft of B: invisible
    page = client.get(territory_url(switched_on)).content.decode()
    assert "Taalcafé Gent" not in page
    # Bulk on B's activity from A's screen does nothing.
    client.post(territory_url(switched_on), {"action": "publish", "selected": [in_b.pk]})
    in_b.refresh_from_db()
    assert in_b.status == Status.DRAFT
    # B's own moderator does see it.
    client.force_login(moderator_b)
    assert "Taalcafé Gent" in client.get(territory_url(municipality_b)).content.decode()


def test_an_activity_of_another_organisation_in_my_territory_is_mine_to_moderate(
    client, switched_on, moderator, municipality_b, moderator_b
):
    # Published by B, located in Houtem (A's territory).
    in_a = build_activity(municipality_b, title="Wandeling in Houtem", postcode="8999")
    client.force_login(moderator)
    assert "Wandeling in Houtem" in client.get(territory_url(switched_on)).content.decode()
    activity_publish(activity=in_a, by=moderator)
    in_a.refresh_from_db()
    assert in_a.status == Status.PUBLISHED
    # B's moderator does not see it on B's territory screen (9000).
    client.force_login(moderator_b)
    assert "Wandeling in Houtem" not in client.get(territory_url(municipality_b)).content.decode()


def test_a_member_and_an_editor_without_territory_rights_get_404(client, switched_on, member, admin_of):
    from core.roles.models import Role

    editor = admin_of(switched_on, "redacteur@houtem.example", Role.EDITOR)
    for person in (member, editor):
        client.force_login(person)
        assert client.get(territory_url(switched_on)).status_code == 404
        assert client.get(territory_url(switched_on) + "organisaties/").status_code == 404


def test_bulk_publish_and_depublish_go_through_the_rules(client, activity_factory, moderator, manager):
    good = activity_factory(title="Compleet")
    incomplete = activity_factory(title="Onvolledig", description="Kort.")
    client.force_login(moderator)
    response = client.post(
        territory_url(good.organisation), {"action": "publish", "selected": [good.pk, incomplete.pk]}
    )
    assert response.status_code == 302
    good.refresh_from_db()
    incomplete.refresh_from_db()
    assert (good.status, incomplete.status) == (Status.PUBLISHED, Status.DRAFT)
    followed = client.get(response["Location"]).content.decode()
    assert "Onvolledig: Schrijf een beschrijving" in followed

    refused = client.post(territory_url(good.organisation), {"action": "depublish", "selected": [good.pk]})
    assert refused.status_code == 400  # a depublication needs a reason; nothing changed
    good.refresh_from_db()
    assert good.status == Status.PUBLISHED
    client.post(
        territory_url(good.organisation),
        {"action": "depublish", "reason": "Geen taalactiviteit", "selected": [good.pk]},
    )
    good.refresh_from_db()
    assert good.status == Status.DEPUBLISHED and good.depublish_reason == "Geen taalactiviteit"


def test_the_organiser_receives_the_reason_of_a_depublication(activity_factory, moderator, manager):
    activity = activity_factory()
    activity_publish(activity=activity, by=moderator)
    activity_depublish(activity=activity, by=moderator, reason="Dit is geen activiteit om Nederlands te oefenen.")
    notice = Notification.objects.get(type="activities.depublished")
    assert notice.recipient == manager
    assert notice.text == "Dit is geen activiteit om Nederlands te oefenen."


def test_a_new_activity_on_my_territory_and_its_new_organiser_are_told(switched_on, moderator, municipality_b):
    build_activity(municipality_b, title="Nieuw in Houtem", postcode="8630", organiser_name="Okra Houtem")
    told = set(Notification.objects.filter(recipient=moderator).values_list("type", flat=True))
    assert told == {"activities.new_activity", "activities.new_organisation"}
    build_activity(municipality_b, title="Nog een", postcode="8630", organiser_name="Okra Houtem")
    assert Notification.objects.filter(recipient=moderator, type="activities.new_organisation").count() == 1


def test_the_organisations_on_my_territory(client, switched_on, moderator, municipality_b):
    build_activity(municipality_b, title="Een", postcode="8630", organiser_name="Okra Houtem")
    build_activity(switched_on, title="Twee", postcode="8999", organiser_name="Taalpunt Westhoek")
    build_activity(municipality_b, title="Elders", postcode="9000", organiser_name="Vooruit")
    client.force_login(moderator)
    rows = client.get(territory_url(switched_on) + "organisaties/").context["rows"]
    assert [row["name"] for row in rows] == ["Okra Houtem", "Taalpunt Westhoek"]
