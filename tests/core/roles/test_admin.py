"""The admin screen for roles: every change goes through the role service; only superadmins and
organisation admins reach it, and an organisation admin only inside their organisation (SEC-04)."""

import pytest

from core.models import Role, RoleAssignment
from core.roles import services as roles
from themes.factories import theme_page

URL = "/admin/roles/"


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


@pytest.fixture
def org_admin(user_factory, organisation):
    person = user_factory("orgadmin@example.org", "Orgbeheer")
    roles.assign_role(user=person, role=Role.ORGANISATION_ADMIN, page=organisation)
    return person


def test_superadmin_gives_a_moderator_role_through_the_admin(client, superadmin, member, theme):
    client.force_login(superadmin)
    response = client.post(URL + "new/", {"email": member.email, "role": Role.MODERATOR, "page": theme.pk})

    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=member)
    assert assignment.role == Role.MODERATOR and assignment.page_id == theme.pk
    assert theme.permissions_for_user(member).can_edit()
    assert assignment.created_by == superadmin


def test_organisation_admin_gives_roles_inside_their_organisation_only(
    client, org_admin, member, theme, other_organisation
):
    outside = theme_page(title="Elders", organisation=other_organisation)
    client.force_login(org_admin)

    refused = client.post(URL + "new/", {"email": member.email, "role": Role.EDITOR, "page": outside.pk})
    assert refused.status_code == 200  # form shown again with the error
    assert not RoleAssignment.objects.filter(user=member).exists()

    refused = client.post(URL + "new/", {"email": member.email, "role": Role.SUPERADMIN, "page": ""})
    assert not RoleAssignment.objects.filter(user=member).exists()
    member.refresh_from_db()
    assert not member.is_superuser

    accepted = client.post(URL + "new/", {"email": member.email, "role": Role.EDITOR, "page": theme.pk})
    assert accepted.status_code == 302
    assert RoleAssignment.objects.filter(user=member, role=Role.EDITOR, page=theme).exists()


def test_organisation_admin_lists_only_their_organisations_roles(
    client, org_admin, user_factory, theme, other_organisation
):
    inside = user_factory("binnen@example.org", "Binnenstaander")
    outside = user_factory("buiten@example.org", "Buitenstaander")
    roles.assign_role(user=inside, role=Role.MODERATOR, page=theme)
    roles.assign_role(
        user=outside, role=Role.MODERATOR, page=theme_page(title="Elders", organisation=other_organisation)
    )
    client.force_login(org_admin)

    html = client.get(URL).content.decode()
    assert "Binnenstaander" in html
    assert "Buitenstaander" not in html


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MODERATOR])
def test_editors_and_moderators_cannot_open_the_roles_screen(client, user_factory, theme, role):
    person = user_factory("iemand@example.org", "Iemand")
    roles.assign_role(user=person, role=role, page=theme)
    client.force_login(person)

    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert client.post(URL + "new/", {"email": person.email, "role": Role.SUPERADMIN}).status_code in (302, 403)
    person.refresh_from_db()
    assert not person.is_superuser
    assert RoleAssignment.objects.filter(user=person).count() == 1


def test_deleting_a_role_in_the_admin_revokes_it(client, superadmin, member, theme):
    assignment = roles.assign_role(user=member, role=Role.MODERATOR, page=theme)
    client.force_login(superadmin)

    response = client.post(f"{URL}delete/{assignment.pk}/")
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    member = type(member).objects.get(pk=member.pk)
    assert not theme.permissions_for_user(member).can_edit()


def test_giving_a_role_without_a_page_is_refused_with_a_message(client, superadmin, member):
    client.force_login(superadmin)
    response = client.post(URL + "new/", {"email": member.email, "role": Role.EDITOR, "page": ""})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=member).exists()
    assert "Choose the organisation or theme" in response.content.decode() or "organisatie" in response.content.decode()
