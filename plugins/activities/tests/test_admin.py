"""The administration's territory screens (wagtail-modeladmin group "Activiteiten"): scoped through ``visible_to`` to
the person's organisations and territories, read-only (changes go through the services). SEC-05."""

import pytest
from django.test import RequestFactory

from themes.factories import organisation_page
from werkgroepen_activities.territory.admin import ActivityAdmin, ModeratorPermissions

from .conftest import build_activity, switch_on


@pytest.fixture
def elsewhere(home):
    other = organisation_page(title="Gemeente Anderdorp")
    switch_on(other, postcodes="9000")
    return build_activity(other, title="Taalcafé Gent", postcode="9000", municipality="Gent")


def listed(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return {activity.title for activity in ActivityAdmin().get_queryset(request)}


def test_a_moderator_lists_their_territory_and_nothing_of_another(activity_factory, moderator, elsewhere):
    activity_factory(title="Hier in Houtem")
    assert listed(moderator) == {"Hier in Houtem"}


def test_a_superadmin_lists_everything(activity_factory, superadmin, elsewhere):
    activity_factory(title="Hier in Houtem")
    assert listed(superadmin) == {"Hier in Houtem", "Taalcafé Gent"}


def test_a_member_without_a_role_has_no_screen_and_nobody_edits_there(activity_factory, member, moderator):
    activity = activity_factory()
    permissions = ModeratorPermissions(type(activity))
    assert not permissions.user_can_list(member)
    assert permissions.user_can_list(moderator)
    assert not permissions.user_can_create(moderator)
    assert not permissions.user_can_edit_obj(moderator, activity)
    assert not permissions.user_can_delete_obj(moderator, activity)


def test_the_admin_list_and_inspect_view_render(admin_client, activity_factory, settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False  # staff two-step verification has its own tests (tests/core)
    activity = activity_factory(title="Hier in Houtem")
    listing = admin_client.get("/admin/werkgroepen_activities/activity/")
    assert listing.status_code == 200 and "Hier in Houtem" in listing.content.decode()
    inspect = admin_client.get(f"/admin/werkgroepen_activities/activity/inspect/{activity.pk}/")
    assert inspect.status_code == 200 and "Marktplein 1" in inspect.content.decode()
