"""The demo seeding of `make run`: the plugin's own command switches it on for the demo municipality, imports the
sample and publishes part of it; a second run changes nothing."""

from django.core.management import call_command

from core.roles.models import Role
from core.roles.services import assign_role
from tests.conftest import make_user
from themes.factories import organisation_page
from werkgroepen_activities.activities.models import Activity, Status
from werkgroepen_activities.settings import PLUGIN


def test_the_demo_municipality_gets_the_plugin_and_activities(home):
    houtem = organisation_page(title="Gemeente Houtem", slug="gemeente-houtem")
    admin = make_user("organisatiebeheer@werkgroepen.example", "Beheer Houtem")
    assign_role(user=admin, role=Role.ORGANISATION_ADMIN, page=houtem)
    call_command("seed_demo_activities")
    houtem.refresh_from_db()
    assert PLUGIN in houtem.enabled_plugin_labels()
    assert houtem.plugin_settings(PLUGIN)["postcodes"] == "8630, 8999"
    activities = Activity.objects.filter(organisation=houtem)
    assert activities.filter(status=Status.PUBLISHED).exists() and activities.filter(status=Status.DRAFT).exists()
    count = activities.count()
    call_command("seed_demo_activities")
    assert Activity.objects.filter(organisation=houtem).count() == count
