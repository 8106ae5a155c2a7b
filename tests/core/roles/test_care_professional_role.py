"""The care professional role (issue 9): an organisation admin declares who works for the organisation as a
care professional (hulpverlener) on the admin's Roles screen, through the role service, in the audit log. The role
lets the person take a professional seat in a collaboration space — nothing else: no way into the administration,
no page permission, no hidden page, and the staff two-step gate does not treat them as staff."""

import pytest
from wagtail.models import ModelLogEntry

from core.middleware import user_needs_mfa
from core.models import Role, RoleAssignment
from core.pages.policies import can_open_admin
from core.pages.selectors import visible_pages
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


def test_an_organisation_admin_declares_a_care_professional_on_the_organisation(
    client, org_admin, member, organisation, other_organisation
):
    client.force_login(org_admin)
    form = client.get(URL + "new/").content.decode()
    assert f'value="{Role.CARE_PROFESSIONAL}"' in form

    # Not on a theme (a person works for an organisation), not on another organisation.
    theme = theme_page(title="Jeugdhulp", organisation=organisation)
    on_theme = client.post(URL + "new/", {"email": member.email, "role": Role.CARE_PROFESSIONAL, "page": theme.pk})
    assert on_theme.status_code == 200
    assert "page" in on_theme.context["form"].errors
    elsewhere = client.post(
        URL + "new/", {"email": member.email, "role": Role.CARE_PROFESSIONAL, "page": other_organisation.pk}
    )
    assert elsewhere.status_code == 200
    assert not RoleAssignment.objects.filter(user=member).exists()

    declared = client.post(
        URL + "new/", {"email": member.email, "role": Role.CARE_PROFESSIONAL, "page": organisation.pk}
    )
    assert declared.status_code == 302
    assignment = RoleAssignment.objects.get(user=member)
    assert (assignment.role, assignment.page_id, assignment.created_by) == (
        Role.CARE_PROFESSIONAL,
        organisation.pk,
        org_admin,
    )
    assert ModelLogEntry.objects.filter(action="werkgroepen.role_assigned", user=org_admin).exists()


def test_a_care_professional_gets_no_administration_and_no_page_rights(client, member, organisation, settings):
    hidden = theme_page(title="Verborgen werkgroep", organisation=organisation, hidden=True)
    roles.assign_role(user=member, role=Role.CARE_PROFESSIONAL, page=organisation)
    member.refresh_from_db()
    assert not member.is_staff and not member.is_superuser
    assert not member.has_perm("wagtailadmin.access_admin")
    assert not organisation.permissions_for_user(member).can_edit()
    assert not can_open_admin(member)
    assert not visible_pages(member).filter(pk=hidden.pk).exists()  # a role on the tree would reveal it
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = True
    assert not user_needs_mfa(member)  # not staff: the admin's two-step gate is not theirs
    client.force_login(member)
    assert client.get("/admin/").status_code in (302, 403)
    assert client.get("/admin/pages/").status_code in (302, 403)


def test_a_care_professional_cannot_be_declared_on_a_theme_through_the_service(member, organisation):
    theme = theme_page(title="Jeugdhulp", organisation=organisation)
    with pytest.raises(ValueError):
        roles.assign_role(user=member, role=Role.CARE_PROFESSIONAL, page=theme)
