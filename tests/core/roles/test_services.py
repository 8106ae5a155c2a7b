"""The role service: a role on an organisation or theme becomes exactly that subtree's page permissions (seed 001)."""

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission, ModelLogEntry

from core.models import Role, RoleAssignment
from core.roles import services as roles
from core.roles.selectors import moderators_of
from themes.factories import theme_page


@pytest.fixture
def editor(user_factory):
    return user_factory("redacteur@example.org", "Redacteur")


def test_editor_role_grants_page_permissions_on_exactly_that_organisation(
    editor, organisation, other_organisation, theme, subtheme
):
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)

    for page in (organisation, theme, subtheme):
        perms = page.permissions_for_user(editor)
        assert perms.can_edit() and perms.can_publish()
    assert organisation.permissions_for_user(editor).can_add_subpage()
    outside = theme_page(title="Buiten", organisation=other_organisation)
    assert not other_organisation.permissions_for_user(editor).can_edit()
    assert not outside.permissions_for_user(editor).can_edit()
    assert not organisation.get_parent().permissions_for_user(editor).can_edit()


def test_moderator_role_covers_its_theme_and_subthemes_but_not_a_sibling_theme(
    user_factory, organisation, theme, subtheme
):
    moderator = user_factory("beheerder@example.org", "Beheerder")
    sibling = theme_page(title="Cultuur", organisation=organisation)
    roles.assign_role(user=moderator, role=Role.MODERATOR, page=theme)

    assert theme.permissions_for_user(moderator).can_edit()
    assert subtheme.permissions_for_user(moderator).can_edit()
    assert not theme.permissions_for_user(moderator).can_add_subpage()
    assert not sibling.permissions_for_user(moderator).can_edit()
    assert not organisation.permissions_for_user(moderator).can_edit()
    assert moderator.has_perm("wagtailadmin.access_admin")


@pytest.mark.parametrize("role", [Role.ORGANISATION_ADMIN, Role.EDITOR, Role.MODERATOR, Role.OBSERVER])
def test_no_role_ever_gets_user_management_permissions(user_factory, organisation, role):
    """Quality requirements, Wagtail pitfalls: who may change users can make themselves superuser."""
    person = user_factory("persoon@example.org", "Persoon")
    roles.assign_role(user=person, role=role, page=organisation)
    person = type(person).objects.get(pk=person.pk)  # drop the permission cache

    for codename in ("add_user", "change_user", "delete_user", "add_group", "change_group", "delete_group"):
        assert not person.has_perm(f"wg_core.{codename}") and not person.has_perm(f"auth.{codename}")
    assert not person.is_superuser


def test_observer_role_reads_but_cannot_edit(user_factory, organisation, theme):
    observer = user_factory("observator@example.org", "Observator")
    roles.assign_role(user=observer, role=Role.OBSERVER, page=organisation)
    assert not organisation.permissions_for_user(observer).can_edit()
    assert not theme.permissions_for_user(observer).can_edit()
    assert RoleAssignment.objects.filter(user=observer, role=Role.OBSERVER, page=organisation).exists()


def test_assigning_twice_is_idempotent_and_reuses_one_group(editor, user_factory, organisation):
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    second = user_factory("tweede@example.org", "Tweede")
    roles.assign_role(user=second, role=Role.EDITOR, page=organisation)

    assert RoleAssignment.objects.filter(role=Role.EDITOR, page=organisation).count() == 2
    assert editor.groups.count() == 1
    assert editor.groups.get() == second.groups.get()
    group = editor.groups.get()
    assert GroupPagePermission.objects.filter(group=group).exclude(page=organisation).count() == 0


def test_sync_repairs_a_group_whose_permissions_were_widened_by_hand(editor, organisation, other_organisation):
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    group = editor.groups.get()
    GroupPagePermission.objects.create(
        group=group, page=other_organisation, permission=Permission.objects.get(codename="change_page")
    )
    group.permissions.add(Permission.objects.get(codename="change_user"))

    roles.sync_role_group(role=Role.EDITOR, page=organisation)

    assert not GroupPagePermission.objects.filter(group=group, page=other_organisation).exists()
    assert not group.permissions.filter(codename="change_user").exists()


def test_revoking_takes_the_permissions_away(editor, organisation, theme):
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    assert roles.revoke_role(user=editor, role=Role.EDITOR, page=organisation)
    editor = type(editor).objects.get(pk=editor.pk)

    assert not theme.permissions_for_user(editor).can_edit()
    assert not roles.revoke_role(user=editor, role=Role.EDITOR, page=organisation)


def test_superadmin_role_is_sitewide_and_makes_a_superuser(user_factory, organisation):
    person = user_factory("super@example.org", "Super")
    roles.assign_role(user=person, role=Role.SUPERADMIN)
    person.refresh_from_db()
    assert person.is_superuser and person.is_staff
    with pytest.raises(ValueError):
        roles.assign_role(user=person, role=Role.SUPERADMIN, page=organisation)
    roles.revoke_role(user=person, role=Role.SUPERADMIN)
    person.refresh_from_db()
    assert not person.is_superuser


def test_organisation_admin_role_only_on_an_organisation(user_factory, theme, home):
    person = user_factory("orgadmin@example.org", "Orgadmin")
    with pytest.raises(ValueError):
        roles.assign_role(user=person, role=Role.ORGANISATION_ADMIN, page=theme)
    with pytest.raises(ValueError):
        roles.assign_role(user=person, role=Role.EDITOR, page=home)
    assert not RoleAssignment.objects.filter(user=person).exists()


def test_role_changes_are_written_to_the_audit_log(editor, superadmin, organisation):
    assignment = roles.assign_role(user=editor, role=Role.EDITOR, page=organisation, by=superadmin)
    roles.revoke_role(user=editor, role=Role.EDITOR, page=organisation, by=superadmin)

    entries = ModelLogEntry.objects.filter(object_id=str(assignment.pk)).order_by("timestamp")
    assert [entry.action for entry in entries] == ["werkgroepen.role_assigned", "werkgroepen.role_revoked"]
    assert all(entry.user_id == superadmin.pk for entry in entries)


def test_moderators_of_a_subtheme_include_the_theme_moderators(user_factory, organisation, theme, subtheme):
    theme_moderator = user_factory("a@example.org", "A")
    sub_moderator = user_factory("b@example.org", "B")
    elsewhere = user_factory("c@example.org", "C")
    roles.assign_role(user=theme_moderator, role=Role.MODERATOR, page=theme)
    roles.assign_role(user=sub_moderator, role=Role.MODERATOR, page=subtheme)
    roles.assign_role(user=elsewhere, role=Role.MODERATOR, page=theme_page(title="Ander", organisation=organisation))

    assert set(moderators_of(subtheme)) == {theme_moderator, sub_moderator}
    assert set(moderators_of(theme)) == {theme_moderator}


def test_a_role_that_names_a_missing_permission_is_refused_and_grants_nothing(editor, organisation, monkeypatch):
    """The role's permissions are read in one query: a name that matches none still stops the assignment."""
    monkeypatch.setitem(roles.MODEL_PERMISSIONS, Role.EDITOR, ["wagtailadmin.access_admin", "wagtailadmin.fly"])

    with pytest.raises(Permission.DoesNotExist, match="wagtailadmin.fly"):
        roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)

    assert not RoleAssignment.objects.filter(user=editor).exists()
    assert not organisation.permissions_for_user(editor).can_edit()


def test_a_role_may_never_carry_user_management_permissions(editor, organisation, monkeypatch):
    monkeypatch.setitem(roles.MODEL_PERMISSIONS, Role.EDITOR, ["wagtailadmin.access_admin", "wg_core.change_user"])

    with pytest.raises(ValueError, match="user-management"):
        roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)

    assert not RoleAssignment.objects.filter(user=editor).exists()


def test_the_role_group_holds_exactly_the_roles_model_and_page_permissions(editor, organisation):
    roles.assign_role(user=editor, role=Role.ORGANISATION_ADMIN, page=organisation)
    group = editor.groups.get()

    assert set(group.permissions.values_list("content_type__app_label", "codename")) == {
        tuple(name.split(".")) for name in roles.MODEL_PERMISSIONS[Role.ORGANISATION_ADMIN]
    }
    assert set(GroupPagePermission.objects.filter(group=group).values_list("permission__codename", flat=True)) == set(
        roles.PAGE_PERMISSIONS[Role.ORGANISATION_ADMIN]
    )


def test_the_roles_a_person_holds_are_read_anew_each_time_for_that_person_only(user_factory, organisation, theme):
    """``user_roles`` reads with a query built once per process: each read still asks the database, for the one
    person asked about, and sees a role given or taken away since."""
    from core.roles.selectors import user_roles

    editor, moderator = user_factory("redacteur@example.org"), user_factory("moderator@example.org")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    roles.assign_role(user=moderator, role=Role.MODERATOR, page=theme)
    assert user_roles(editor) == [(Role.EDITOR, organisation.path)]
    assert user_roles(moderator) == [(Role.MODERATOR, theme.path)]
    roles.revoke_role(user=editor, role=Role.EDITOR, page=organisation)
    assert user_roles(editor) == []
    assert user_roles(moderator) == [(Role.MODERATOR, theme.path)]
