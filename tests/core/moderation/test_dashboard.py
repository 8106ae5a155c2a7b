"""The moderators' way in, over every registered queue (``register_moderation_queue``): the menu item "To moderate"
and the dashboard panel with each queue's count, for the people who moderate or have work waiting."""

import pytest
from django.test import Client
from django.utils import translation
from wagtail import hooks

from config.hooks import REGISTER_MODERATION_QUEUE, ModerationQueue
from core.models import Role, RoleRequest
from core.moderation.policies import shows_moderation
from core.moderation.selectors import moderation_queues
from core.roles.services import assign_role

pytestmark = pytest.mark.django_db

INDEX = "/admin/te-modereren/"


@pytest.fixture(autouse=True)
def _english():
    """The queues' labels are read in English here, as the client asks for English."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


@pytest.fixture
def client():
    return Client(headers={"accept-language": "en"})


def holder(user_factory, role, page, email):
    person = user_factory(email, email.split("@")[0])
    assign_role(user=person, role=role, page=page)
    return person


def ask(user_factory, organisation):
    asker = user_factory("vrager@example.org", "Vrager")
    return RoleRequest.objects.create(
        user=asker, organisation=organisation, work_phone="+3212345678", work_email="werk@example.org", reason="..."
    )


def queue(user, label):
    return next(row for row in moderation_queues(user)[0] if row["label"] == label)


def test_the_dashboard_counts_every_registered_queue(client, superadmin, user_factory, organisation):
    """The core's role requests and a plugin's queue (the dummy counts 3 for superadmins), summed."""
    ask(user_factory, organisation)
    client.force_login(superadmin)

    html = client.get("/admin/").content.decode()

    assert queue(superadmin, "Role requests")["count"] == 1
    assert queue(superadmin, "Dummy-wachtrij")["count"] == 3
    assert "Dummy-wachtrij: <strong>3</strong>" in html and "Role requests: <strong>1</strong>" in html
    assert INDEX in html  # the menu item (in the sidebar's data)


def test_an_organisation_admin_counts_the_requests_of_their_organisation_only(
    user_factory, organisation, other_organisation
):
    admin_a = holder(user_factory, Role.ORGANISATION_ADMIN, organisation, "a@example.org")
    admin_b = holder(user_factory, Role.ORGANISATION_ADMIN, other_organisation, "b@example.org")
    ask(user_factory, organisation)

    assert queue(admin_a, "Role requests")["count"] == 1
    assert queue(admin_b, "Role requests")["count"] == 0
    assert queue(admin_a, "Dummy-wachtrij")["count"] == 0


def test_moderating_roles_see_the_way_in_even_with_nothing_waiting(user_factory, organisation, theme):
    moderator = holder(user_factory, Role.MODERATOR, theme, "moderator@example.org")
    org_admin = holder(user_factory, Role.ORGANISATION_ADMIN, organisation, "beheer@example.org")
    editor = holder(user_factory, Role.EDITOR, organisation, "redacteur@example.org")
    observer = holder(user_factory, Role.OBSERVER, organisation, "waarnemer@example.org")

    assert shows_moderation(moderator) and shows_moderation(org_admin)
    assert not shows_moderation(editor) and not shows_moderation(observer)


def test_the_way_in_opens_the_first_queue_with_work(client, superadmin, user_factory, organisation):
    client.force_login(superadmin)
    assert client.get(INDEX)["Location"] == "/admin/dummy/", "the only queue with work: the plugin's"

    ask(user_factory, organisation)
    assert client.get(INDEX)["Location"] == "/admin/role-requests/?status=open", "registered first, with work"


def test_an_editor_has_neither_the_menu_item_nor_the_way_in(client, user_factory, organisation):
    editor = holder(user_factory, Role.EDITOR, organisation, "redacteur@example.org")
    client.force_login(editor)

    assert INDEX not in client.get("/admin/").content.decode()
    refused = client.get(INDEX)  # Wagtail turns the refusal into a message on the dashboard
    assert refused.status_code == 302 and refused["Location"] == "/admin/"


def broken_queue():
    return ModerationQueue(label="Kapotte wachtrij", count=lambda user: 1 / 0, url="/admin/kapot/")


def test_a_broken_counter_leaves_the_other_queues_standing(superadmin, caplog):
    with hooks.register_temporarily(REGISTER_MODERATION_QUEUE, broken_queue):
        labels = [row["label"] for row in moderation_queues(superadmin)[0]]

    assert "Role requests" in labels and "Dummy-wachtrij" in labels and "Kapotte wachtrij" not in labels
    assert "Moderation queue Kapotte wachtrij failed to count" in caplog.text
