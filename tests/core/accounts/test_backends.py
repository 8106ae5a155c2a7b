"""The authentication backends (core/accounts/backends.py) answer what Django's answer, in fewer queries (PERF-*,
SEC-11): a person's permissions in one query instead of two, and whether they have an authenticator app with the
person of the request, so the administration's two-step gate asks nothing more."""

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from core.accounts.backends import AuthenticationBackend, ModelBackend
from core.middleware import user_needs_mfa
from core.models import Role
from core.roles.services import assign_role
from tests.trajectories.world import with_totp

pytestmark = pytest.mark.django_db

BACKENDS = [ModelBackend, AuthenticationBackend]


def permission(codename):
    return Permission.objects.get(codename=codename)


@pytest.fixture
def people(user_factory, organisation, superadmin):
    """A member without permissions, an editor and an organisation admin (their groups' permissions), someone with a
    permission of their own and the same one through a group, someone deactivated, a superadmin."""
    editor = user_factory("redacteur@example.org")
    assign_role(user=editor, role=Role.EDITOR, page=organisation)
    org_admin = user_factory("orgbeheer@example.org")
    assign_role(user=org_admin, role=Role.ORGANISATION_ADMIN, page=organisation)
    both = user_factory("beide@example.org")
    both.user_permissions.add(permission("access_admin"), permission("add_group"))
    group = Group.objects.create(name="Lezers")
    group.permissions.add(permission("access_admin"), permission("change_group"))
    both.groups.add(group)
    inactive = user_factory("weg@example.org", is_active=False)
    inactive.user_permissions.add(permission("access_admin"))
    return {
        "member": user_factory("lid@example.org"),
        "editor": editor,
        "org_admin": org_admin,
        "both": both,
        "inactive": inactive,
        "superadmin": superadmin,
    }


def fresh(user):
    """The person as a new request reads them: no permission cache."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_kind_of_person_has_exactly_djangos_permissions(people, backend):
    for who, user in people.items():
        ours = backend().get_all_permissions(fresh(user))
        assert ours == DjangoModelBackend().get_all_permissions(fresh(user)), who
    assert "wagtailadmin.access_admin" in backend().get_all_permissions(fresh(people["editor"]))
    assert {"auth.add_group", "auth.change_group", "wagtailadmin.access_admin"} <= backend().get_all_permissions(
        fresh(people["both"])
    )
    assert backend().get_all_permissions(fresh(people["member"])) == set()
    assert backend().get_all_permissions(fresh(people["inactive"])) == set()


def test_a_person_with_a_role_is_asked_for_permissions_in_one_query_where_django_asks_two(
    people, django_assert_num_queries
):
    user = fresh(people["editor"])
    with django_assert_num_queries(1):
        assert user.has_perm("wagtailadmin.access_admin")
        assert not user.has_perm("wagtailcore.delete_site")  # the second check reads nothing
    person = fresh(people["editor"])
    with django_assert_num_queries(2):
        DjangoModelBackend().get_all_permissions(person)
    superadmin = fresh(people["superadmin"])
    with django_assert_num_queries(0):
        assert superadmin.has_perm("wagtailcore.delete_site")


def test_a_permission_taken_away_is_gone_for_the_next_request(people):
    both = people["both"]
    both.user_permissions.remove(permission("add_group"))
    assert "auth.add_group" not in ModelBackend().get_all_permissions(fresh(both))
    both.groups.clear()
    assert "auth.change_group" not in ModelBackend().get_all_permissions(fresh(both))
    assert "wagtailadmin.access_admin" in ModelBackend().get_all_permissions(fresh(both))  # still their own


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_person_of_a_request_comes_with_whether_they_have_an_authenticator_app(people, backend):
    editor = with_totp(people["editor"])
    assert backend().get_user(editor.pk).has_totp is True
    assert backend().get_user(people["org_admin"].pk).has_totp is False
    # Recovery codes alone are no authenticator app.
    Authenticator.objects.create(user=people["member"], type=Authenticator.Type.RECOVERY_CODES, data={})
    assert backend().get_user(people["member"].pk).has_totp is False
    # As Django's: nobody for a deactivated account or an unknown id.
    assert backend().get_user(people["inactive"].pk) is None
    assert backend().get_user(10**9) is None
    assert backend().get_user("geen-id") is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_the_person_of_a_request_is_read_in_one_query_with_every_field_as_the_orm_reads_it(
    people, backend, django_assert_num_queries
):
    for who, user in people.items():
        if not user.is_active:
            continue
        with django_assert_num_queries(1):
            person = backend().get_user(str(user.pk))  # the session keeps the id as text
        orm = type(user).objects.get(pk=user.pk)
        for field in type(user)._meta.concrete_fields:
            assert getattr(person, field.attname) == getattr(orm, field.attname), (who, field.name)
        assert person.get_deferred_fields() == set(), who
        assert person._state.adding is False and person._state.db == "default"
        assert person.has_totp is False


def test_the_two_step_gate_asks_nothing_more_of_the_person_of_a_request(people, django_assert_num_queries):
    editor = with_totp(people["editor"])
    backend = ModelBackend()
    user = backend.get_user(editor.pk)
    with django_assert_num_queries(0):
        assert user_needs_mfa(user) is False
    # The editor without an authenticator app must set one up; read from the request's person as well.
    Authenticator.objects.filter(user=editor).delete()
    assert user_needs_mfa(backend.get_user(editor.pk)) is True
    # A person read some other way is asked: the authenticator, then (none) the permissions.
    org_admin = type(editor).objects.get(pk=people["org_admin"].pk)
    with django_assert_num_queries(2):
        assert user_needs_mfa(org_admin) is True


def test_an_editor_opens_the_admin_until_their_authenticator_app_is_removed(client, people):
    """Through the middleware: an editor with an authenticator app opens the admin; once the app is removed, the
    next request sends them to set one up."""
    editor = with_totp(people["editor"])
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).delete()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_logins_through_either_backend_keep_the_person_logged_in(client, people):
    member = people["member"]
    for backend in settings.AUTHENTICATION_BACKENDS:
        client.force_login(member, backend=backend)
        response = client.get(reverse("account_email"))
        assert response.status_code == 200, backend
        assert member.email in response.content.decode()
        client.logout()
    assert client.get(reverse("account_email")).status_code == 302
