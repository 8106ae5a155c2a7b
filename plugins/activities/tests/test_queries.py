"""Fast by construction (PERF-01, PERF-02): the territory table, "Mijn activiteiten" and the public list run a fixed
number of queries whatever the number of activities (asserted at 10 and 2,000; the bench in bench/ times 20,000)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from werkgroepen_activities.activities.models import Activity, ActivityDate, ActivityType, Status


def many(organisation, count):
    """`count` published activities in the territory, each with a date and a type (bulk: a test fixture)."""
    now = timezone.now()
    kind = ActivityType.objects.get(code="ontmoeting")
    rows = [
        Activity(
            organisation=organisation,
            title=f"Activiteit {i}",
            status=Status.PUBLISHED,
            published_at=now,
            postcode="8999" if i % 2 else "8630",
            municipality="Houtem",
            street="Marktplein 1",
            organiser_name="Taalpunt Westhoek",
            starts_at=now + timedelta(hours=i + 1),
            ends_at=now + timedelta(hours=i + 3),
        )
        for i in range(count)
    ]
    created = Activity.objects.bulk_create(rows, batch_size=500)
    ActivityDate.objects.bulk_create(
        [ActivityDate(activity=a, start=a.starts_at, end=a.ends_at) for a in created], batch_size=500
    )
    Activity.types.through.objects.bulk_create(
        [Activity.types.through(activity=a, activitytype=kind) for a in created], batch_size=500
    )


@pytest.mark.parametrize("count", [10, 2000])
def test_the_territory_table_runs_a_fixed_number_of_queries(
    client, switched_on, moderator, count, django_assert_max_num_queries
):
    many(switched_on, count)
    client.force_login(moderator)
    url = f"/activiteiten/{switched_on.slug}/grondgebied/"
    client.get(url)  # warm the tree cache and the session
    with django_assert_max_num_queries(16):
        response = client.get(url)
    assert len(response.context["page"].items) == 10 if count == 10 else 20


@pytest.mark.parametrize("count", [10, 2000])
def test_the_public_list_runs_a_fixed_number_of_queries(client, switched_on, count, django_assert_max_num_queries):
    many(switched_on, count)
    url = f"/activiteiten/{switched_on.slug}/"
    client.get(url)
    with django_assert_max_num_queries(10):
        response = client.get(url, {"type": "ontmoeting", "postcode": "8999"})
    assert response.context["page"].items


@pytest.mark.parametrize("count", [10, 2000])
def test_my_activities_run_a_fixed_number_of_queries(
    client, switched_on, manager, count, django_assert_max_num_queries
):
    many(switched_on, count)
    client.force_login(manager)
    url = f"/activiteiten/{switched_on.slug}/beheer/"
    client.get(url)
    with django_assert_max_num_queries(16):
        response = client.get(url, {"q": "Activiteit"})
    assert response.context["page"].items
