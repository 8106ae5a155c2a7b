"""The members of an organisation's themes are among its people in the administration's people picker (issue 9,
hole 7; SEC-02, SEC-04): an organisation admin picks them by display name, never by address, and sees nobody who
only asked to join, nor the members of another organisation's themes."""

import re

import pytest

from core.models import Role
from core.roles import services as roles
from participation.access import MembershipStatus
from participation.factories import membership
from themes.factories import theme_page

URL = "/admin/roles/new/"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


def people_listed(client):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    select = re.search(r'<select name="person"[^>]*>(.*?)</select>', html, re.S)
    assert select, "the organisation admin gets a list of their people"
    return set(re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))), html


def test_an_organisation_admin_picks_the_approved_members_of_its_themes_by_name(
    client, user_factory, organisation, other_organisation, theme, closed_theme
):
    admin = user_factory("orgbeheer@example.org", "Orgbeheer")
    roles.assign_role(user=admin, role=Role.ORGANISATION_ADMIN, page=organisation)
    member = user_factory("lid-geheim@example.org", "ThemaLid")
    waiting = user_factory("wacht-geheim@example.org", "WachtendLid")
    elsewhere = user_factory("elders-geheim@example.org", "EldersLid")
    membership(user=member, theme=theme)
    membership(user=waiting, theme=closed_theme, status=MembershipStatus.PENDING)
    membership(user=elsewhere, theme=theme_page(title="Elders", organisation=other_organisation))
    client.force_login(admin)

    listed, html = people_listed(client)

    assert "ThemaLid" in listed
    assert "WachtendLid" not in listed and "EldersLid" not in listed
    assert "lid-geheim@example.org" not in html


def test_a_member_of_its_themes_is_no_list_for_someone_who_administers_nothing(client, user_factory, theme):
    member = user_factory("lid-geheim@example.org", "ThemaLid")
    membership(user=member, theme=theme)
    editor = user_factory("redacteur@example.org", "Redacteur")
    roles.assign_role(user=editor, role=Role.EDITOR, page=theme)
    client.force_login(editor)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert "ThemaLid" not in response.content.decode()
