"""Switched off per organisation (the issue's "Bad input"): no tab, section, menu item, URL, search result or
notification of the plugin there, and its data kept for when it comes back. SEC-05 (invisible and missing look the
same: 404)."""

import pytest
from django.urls import reverse

from core.notifications.models import Notification
from core.search.selectors import site_search
from werkgroepen_activities.activities.models import Activity, Status
from werkgroepen_activities.activities.services import activity_publish, activity_report
from werkgroepen_activities.urls import urlpatterns

from .conftest import switch_on

MARK = "Praatcafé Nederlands"


@pytest.fixture
def published(activity_factory, moderator):
    activity = activity_factory()
    activity_publish(activity=activity, by=moderator)
    return activity


def every_url(activity):
    """Every URL the plugin registers, for this organisation and activity (the sweep)."""
    slug = activity.organisation.slug
    urls = []
    for pattern in urlpatterns:
        if "organisation_slug" not in str(pattern.pattern):
            continue  # the overview of the person's organisations: swept separately
        kwargs = {"organisation_slug": slug}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = activity.pk
        urls.append(reverse(f"werkgroepen_activities:{pattern.name}", kwargs=kwargs))
    return urls


def test_the_sweep_covers_every_registered_url(published):
    assert len(every_url(published)) == len(urlpatterns) - 1 == 12


def test_switched_on_the_pages_answer(client, published, manager):
    client.force_login(manager)
    answered = {url: client.get(url).status_code for url in every_url(published)}
    # GET on the POST-only actions is refused (405); every page answers.
    posts = ("publiceren/", "depubliceren/", "melden/", "meldingen-afhandelen/")
    assert {code for url, code in answered.items() if not url.endswith(posts)} == {200}
    assert {code for url, code in answered.items() if url.endswith(posts)} == {405}
    assert client.get("/activiteiten/").status_code == 200


def test_switched_off_every_url_answers_404_for_everyone(client, published, manager, superadmin):
    switch_on(published.organisation, enabled=False)
    for person in (None, manager, superadmin):
        if person:
            client.force_login(person)
        for url in every_url(published):
            assert client.get(url).status_code == 404, url
            assert (
                client.post(url, {"reason": "x", "action": "publish", "selected": [published.pk]}).status_code == 404
            ), url
        if person is manager:
            assert client.get("/activiteiten/").status_code == 404  # none of their organisations has it on


def test_switched_off_no_section_tab_or_menu_item(client, published, manager, theme):
    client.force_login(manager)
    assert MARK in client.get(published.organisation.url).content.decode()
    assert "Mijn activiteiten" in client.get(theme.url).content.decode()

    switch_on(published.organisation, enabled=False)
    for page in (published.organisation, theme):
        html = client.get(page.url).content.decode()
        assert MARK not in html and "/activiteiten/" not in html and "Mijn activiteiten" not in html


def test_switched_off_no_search_result(published, member):
    assert [hit.title for hit in site_search("Praatcafé", member).hits if hit.kind == "activiteit"] == [MARK]
    switch_on(published.organisation, enabled=False)
    assert [hit for hit in site_search("Praatcafé", member).hits if hit.kind == "activiteit"] == []


def test_switched_off_no_notification(activity_factory, moderator, member):
    activity = activity_factory()
    activity_publish(activity=activity, by=moderator)
    switch_on(activity.organisation, enabled=False)
    before = Notification.objects.count()
    with pytest.raises(Exception):  # noqa: B017 - invisible now: the report is refused before anyone is told
        activity_report(activity=Activity.objects.visible_to(member).get(pk=activity.pk), reporter=member, reason="x")
    assert Notification.objects.count() == before


def test_switched_off_the_data_is_kept_and_comes_back(client, published, member):
    switch_on(published.organisation, enabled=False)
    assert Activity.objects.filter(pk=published.pk, status=Status.PUBLISHED).exists()
    switch_on(published.organisation, enabled=True)
    response = client.get(published.get_absolute_url())
    assert response.status_code == 200 and MARK in response.content.decode()


def test_an_organisation_that_never_switched_it_on_shows_nothing(client, other_organisation):
    assert client.get(f"/activiteiten/{other_organisation.slug}/").status_code == 404
    assert "/activiteiten/" not in client.get(other_organisation.url).content.decode()
