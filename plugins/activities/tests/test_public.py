"""The public side (seed 002): the list per organisation with upcoming first and its filters, the activity page with
schema.org JSON-LD and an iCal link, reporting, the view count, expiry and the inactivity notice. SEC-08 (member
text sanitised), REL-02 (one report per person under repeated requests)."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from core.notifications.models import Notification
from werkgroepen_activities.activities.models import Activity, ActivityReport, Status
from werkgroepen_activities.activities.services import (
    activities_expire,
    activity_publish,
    activity_report,
    recurring_inactive_tell,
)


@pytest.fixture
def publish(moderator):
    def go(activity):
        activity_publish(activity=activity, by=moderator)
        activity.refresh_from_db()
        return activity

    return go


def list_titles(client, organisation, **query):
    response = client.get(f"/activiteiten/{organisation.slug}/", query)
    assert response.status_code == 200
    return [activity.title for activity in response.context["page"].items]


def test_the_list_shows_published_upcoming_activities_first(client, activity_factory, publish, switched_on):
    publish(activity_factory(title="Later", days=20))
    publish(activity_factory(title="Eerst", days=2))
    activity_factory(title="Nog een draft", days=1)
    assert list_titles(client, switched_on) == ["Eerst", "Later"]


def test_the_filters_narrow_the_list(client, activity_factory, publish, switched_on):
    publish(activity_factory(title="Wandeling", types=("uitstap",), postcode="8630", municipality="Veurne"))
    publish(activity_factory(title="Praatcafé", language_hint=True, days=10))
    cook = publish(activity_factory(title="Kookles", types=("workshop",), days=30))
    cook.tags.add("koken")
    assert list_titles(client, switched_on, type="uitstap") == ["Wandeling"]
    assert list_titles(client, switched_on, language_hint="on") == ["Praatcafé"]
    assert list_titles(client, switched_on, tag="koken") == ["Kookles"]
    assert list_titles(client, switched_on, q="koken") == ["Kookles"]
    start = (timezone.localdate() + timedelta(days=25)).isoformat()
    assert list_titles(client, switched_on, start=start) == ["Kookles"]
    # "In de buurt": the same postcode first, then the rest of the region (86.., 89.. share no region).
    assert list_titles(client, switched_on, postcode="8630") == ["Wandeling"]
    assert list_titles(client, switched_on, postcode="8999") == ["Praatcafé", "Kookles"]
    assert list_titles(client, switched_on, postcode="1000") == []


def test_a_bad_filter_is_said_and_keeps_what_was_typed(client, switched_on):
    response = client.get(f"/activiteiten/{switched_on.slug}/", {"postcode": "12"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Vul een Belgische postcode van vier cijfers in." in page and 'value="12"' in page


def test_the_list_pages_by_keyset(client, activity_factory, publish, switched_on):
    for day in range(1, 24):
        publish(activity_factory(title=f"Dag {day:02d}", days=day))
    first = client.get(f"/activiteiten/{switched_on.slug}/")
    page = first.context["page"]
    assert len(page.items) == 20 and page.next_cursor
    second = client.get(f"/activiteiten/{switched_on.slug}/", {"na": page.next_cursor})
    assert [a.title for a in second.context["page"].items] == ["Dag 21", "Dag 22", "Dag 23"]


def test_the_page_has_schema_org_event_json_ld_and_an_ical_link(client, activity_factory, publish):
    activity = publish(activity_factory(title='Praatcafé "Samen" </script>'))
    html = client.get(activity.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Event" and data["name"] == 'Praatcafé "Samen" </script>'
    assert data["location"]["address"]["postalCode"] == "8999"
    assert data["startDate"].startswith(activity.starts_at.isoformat()[:10])
    ical = client.get(f"/activiteiten/{activity.organisation.slug}/{activity.pk}/ical/")
    assert ical["Content-Type"].startswith("text/calendar")
    body = ical.content.decode()
    assert "BEGIN:VEVENT" in body and 'SUMMARY:Praatcafé "Samen" </script>' in body
    assert "DTSTART:" in body and "LOCATION:Marktplein 1\\, 8999 Houtem" in body


def test_a_draft_is_not_public(client, activity_factory, member):
    draft = activity_factory()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/activiteiten/{draft.organisation.slug}/{draft.pk}/ical/").status_code == 404


def test_member_text_is_sanitised(client, activity_factory, publish):
    activity = publish(activity_factory(description="Hallo <script>alert(1)</script> **welkom** " + "x" * 100))
    html = client.get(activity.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "<strong>welkom</strong>" in html


def test_visitors_count_views_but_moderators_do_not(client, activity_factory, publish, moderator):
    activity = publish(activity_factory())
    client.get(activity.get_absolute_url())
    client.get(activity.get_absolute_url())
    client.force_login(moderator)
    client.get(activity.get_absolute_url())
    activity.refresh_from_db()
    assert activity.view_count == 2


def test_a_member_reports_an_activity_once_and_the_moderators_are_told(
    client, activity_factory, publish, member, moderator
):
    activity = publish(activity_factory())
    client.force_login(member)
    url = f"/activiteiten/{activity.organisation.slug}/{activity.pk}/melden/"
    assert client.post(url, {"reason": "Dit is reclame."}).status_code == 302
    assert client.post(url, {"reason": "Nog eens."}).status_code == 302
    assert ActivityReport.objects.filter(activity=activity).count() == 1
    notice = Notification.objects.get(type="activities.reported", recipient=moderator)
    assert "Praatcafé" in notice.title and notice.text == "Dit is reclame."


def test_an_anonymous_visitor_is_asked_to_log_in_to_report(client, activity_factory, publish):
    activity = publish(activity_factory())
    response = client.post(f"/activiteiten/{activity.organisation.slug}/{activity.pk}/melden/", {"reason": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
    assert not ActivityReport.objects.exists()


def test_a_manager_cannot_report_their_own_activity(activity_factory, publish, manager):
    activity = publish(activity_factory())
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied
        activity_report(activity=activity, reporter=manager, reason="x")


def test_a_past_activity_expires_and_the_moderators_are_told(activity_factory, publish, moderator):
    activity = publish(activity_factory(days=1))
    assert activities_expire(now=timezone.now() + timedelta(days=3)) == 1
    activity.refresh_from_db()
    assert activity.status == Status.EXPIRED
    assert activity.status_changes.first().by_name == "Werkgroepen"
    assert Notification.objects.filter(type="activities.expired", recipient=moderator).count() == 1
    assert activities_expire(now=timezone.now() + timedelta(days=3)) == 0  # once


def test_an_upcoming_activity_does_not_expire(activity_factory, publish):
    activity = publish(activity_factory(days=5))
    assert activities_expire(now=timezone.now() + timedelta(days=3)) == 0
    activity.refresh_from_db()
    assert activity.status == Status.PUBLISHED


def test_an_inactive_recurring_activity_is_reported_once(activity_factory, publish, moderator):
    publish(activity_factory(recurring=True, days=100))
    later = timezone.now() + timedelta(days=61)
    assert recurring_inactive_tell(now=timezone.now()) == 0
    assert recurring_inactive_tell(now=later) == 1
    recurring_inactive_tell(now=later)
    assert Notification.objects.filter(type="activities.inactive", recipient=moderator).count() == 1
    one_off = publish(activity_factory(title="Eenmalig", days=100))
    assert one_off.recurring is False
    assert Activity.objects.filter(recurring=True).count() == 1


def test_moderators_find_reported_activities_and_handle_them(client, activity_factory, publish, member, moderator):
    activity = publish(activity_factory())
    activity_report(activity=activity, reporter=member, reason="Dit is reclame.")
    client.force_login(moderator)
    overview = client.get("/activiteiten/").content.decode()
    assert "Gerapporteerde activiteiten" in overview and activity.get_absolute_url() in overview
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Dit is reclame." in page
    client.post(f"/activiteiten/{activity.organisation.slug}/{activity.pk}/meldingen-afhandelen/")
    assert not ActivityReport.objects.filter(resolved_at__isnull=True).exists()
    assert activity.get_absolute_url() not in client.get("/activiteiten/").content.decode()


def test_a_member_cannot_see_or_handle_reports(client, activity_factory, publish, member):
    activity = publish(activity_factory())
    activity_report(activity=activity, reporter=member, reason="Dit is reclame.")
    client.force_login(member)
    assert client.get("/activiteiten/").status_code == 404
    assert "Dit is reclame." not in client.get(activity.get_absolute_url()).content.decode()
    client.post(f"/activiteiten/{activity.organisation.slug}/{activity.pk}/meldingen-afhandelen/")
    assert ActivityReport.objects.filter(resolved_at__isnull=True).count() == 1
