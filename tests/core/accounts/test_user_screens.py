"""Superadmins create and edit accounts in Wagtail's user screens with a unique display name."""

import pytest

from core.models import User


@pytest.fixture(autouse=True)
def no_mfa_gate(settings):
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False


def test_superadmin_creates_a_user_with_a_display_name_and_no_full_name(client, superadmin):
    client.force_login(superadmin)
    response = client.post(
        "/admin/users/new/",
        {"email": "nieuw@example.org", "display_name": "Nieuweling", "first_name": "", "last_name": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="nieuw@example.org")
    assert user.display_name == "Nieuweling"
    assert not user.has_usable_password()


def test_a_taken_display_name_is_refused_and_the_input_kept(client, superadmin, member):
    client.force_login(superadmin)
    response = client.post(
        "/admin/users/new/", {"email": "nieuw@example.org", "display_name": member.display_name.upper()}
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="nieuw@example.org").exists()
    assert 'value="nieuw@example.org"' in response.content.decode()


def test_editing_a_user_shows_and_saves_the_display_name(client, superadmin, member):
    client.force_login(superadmin)
    page = client.get(f"/admin/users/edit/{member.pk}/").content.decode()
    assert f'value="{member.display_name}"' in page
    response = client.post(
        f"/admin/users/edit/{member.pk}/",
        {"email": member.email, "display_name": "Hernoemd", "first_name": "", "last_name": "", "is_active": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Hernoemd"
