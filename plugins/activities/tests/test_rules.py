"""Publication rules (seed 002): each rule alone refuses publishing and names itself; the page lists the missing
steps, each linking to its field. Quality requirements: REL-01 (services refuse what policies refuse)."""

import pytest
from django.core.exceptions import PermissionDenied

from werkgroepen_activities.activities.models import Status
from werkgroepen_activities.activities.services import NotPublishable, activity_publish
from werkgroepen_activities.settings import RULES

from .conftest import GOOD_DESCRIPTION, switch_on

BREAKS = {
    "title": {"title": ""},
    "type": {"types": ()},
    "future_date": {"days": -3},
    "place": {"street": "", "postcode": "", "municipality": ""},
    "description": {"description": "Te kort."},
    "organiser": {"organiser_name": ""},
}


def test_a_complete_activity_is_published_by_a_moderator(activity_factory, moderator):
    activity = activity_factory()
    activity_publish(activity=activity, by=moderator)
    activity.refresh_from_db()
    assert activity.status == Status.PUBLISHED and activity.published_at is not None
    change = activity.status_changes.first()
    assert change.status == Status.PUBLISHED and change.by == moderator


@pytest.mark.parametrize("rule", sorted(BREAKS))
def test_each_rule_alone_refuses_publishing_and_names_itself(activity_factory, moderator, rule):
    activity = activity_factory(**BREAKS[rule])
    with pytest.raises(NotPublishable) as refused:
        activity_publish(activity=activity, by=moderator)
    assert [step.rule for step in refused.value.steps] == [rule]
    assert refused.value.steps[0].label == str(RULES[rule])
    activity.refresh_from_db()
    assert activity.status == Status.DRAFT


@pytest.mark.parametrize("rule", ["description", "organiser"])
def test_a_rule_the_organisation_switched_off_no_longer_refuses(switched_on, activity_factory, moderator, rule):
    switch_on(switched_on, rules=[name for name in RULES if name != rule])
    activity = activity_factory(**BREAKS[rule])
    activity_publish(activity=activity, by=moderator)
    activity.refresh_from_db()
    assert activity.status == Status.PUBLISHED


def test_the_minimum_description_length_is_the_organisations(switched_on, activity_factory, moderator):
    switch_on(switched_on, min_description=len(GOOD_DESCRIPTION) + 1)
    with pytest.raises(NotPublishable):
        activity_publish(activity=activity_factory(), by=moderator)


def test_a_type_the_organisation_does_not_offer_does_not_count(activity_factory, moderator):
    activity = activity_factory(types=("sport",))  # not among the offered types of the fixture
    with pytest.raises(NotPublishable) as refused:
        activity_publish(activity=activity, by=moderator)
    assert [step.rule for step in refused.value.steps] == ["type"]


def test_a_member_without_a_role_cannot_publish(activity_factory, member):
    activity = activity_factory()
    with pytest.raises(PermissionDenied):
        activity_publish(activity=activity, by=member)
    activity.refresh_from_db()
    assert activity.status == Status.DRAFT


def test_the_page_lists_the_missing_steps_with_links_to_their_fields(client, activity_factory, manager):
    activity = activity_factory(title="Koken", description="Kort.", days=-1)
    client.force_login(manager)
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Activiteit kan niet worden gepubliceerd wegens mogelijke onvolledigheid" in page
    edit = f"/activiteiten/{activity.organisation.slug}/{activity.pk}/bewerken/"
    assert f'href="{edit}#id_description_source"' not in page  # the form's field is "description"
    assert f'href="{edit}#id_description"' in page and f'href="{edit}#id_date"' in page
    assert 'action="' + f"/activiteiten/{activity.organisation.slug}/{activity.pk}/publiceren/" not in page

    response = client.post(f"/activiteiten/{activity.organisation.slug}/{activity.pk}/publiceren/")
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == Status.DRAFT


def test_fixing_the_missing_steps_in_the_form_lets_the_moderator_publish(client, activity_factory, manager):
    activity = activity_factory(description="Kort.")
    client.force_login(manager)
    url = f"/activiteiten/{activity.organisation.slug}/{activity.pk}/bewerken/"
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data["description"] = GOOD_DESCRIPTION
    data["types"] = ["ontmoeting"]
    data["date"] = form.initial["date"].isoformat()
    data["start"], data["end"] = "14:00", "16:00"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "onvolledigheid" not in page
    client.post(f"/activiteiten/{activity.organisation.slug}/{activity.pk}/publiceren/")
    activity.refresh_from_db()
    assert activity.status == Status.PUBLISHED
