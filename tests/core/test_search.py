"""Site search returns only what the visitor may see (SEC-02; Wagtail's template search view leaks titles)."""

import pytest
from django.urls import reverse

from core import roles
from core.models import Role
from themes.factories import theme_page


@pytest.fixture
def pages(organisation, other_organisation):
    public = theme_page(title="Zichtbaar zwembadproject", organisation=organisation)
    hidden = theme_page(title="Verborgen zwembadplan", organisation=organisation, hidden=True)
    hidden_org = other_organisation
    hidden_org.hidden = True
    hidden_org.save_revision().publish()
    under_hidden_org = theme_page(title="Zwembad in verborgen koepel", organisation=hidden_org)
    draft = theme_page(title="Zwembad concept", organisation=organisation)
    draft.unpublish()
    return {"public": public, "hidden": hidden, "under_hidden_org": under_hidden_org, "draft": draft}


def titles(client, query="zwembad"):
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_search_finds_public_pages_only(client, pages):
    html = titles(client)
    assert "Zichtbaar zwembadproject" in html
    for marker in ("Verborgen zwembadplan", "Zwembad in verborgen koepel", "Zwembad concept"):
        assert marker not in html


def test_member_without_a_role_sees_no_hidden_titles(client, member, pages):
    client.force_login(member)
    html = titles(client)
    assert "Zichtbaar zwembadproject" in html
    assert "Verborgen zwembadplan" not in html
    assert "Zwembad in verborgen koepel" not in html


def test_editor_of_the_organisation_finds_its_hidden_theme_but_not_another_organisations(
    client, user_factory, organisation, pages
):
    editor = user_factory("redactie@example.org", "Redactie")
    roles.assign_role(user=editor, role=Role.EDITOR, page=organisation)
    client.force_login(editor)
    html = titles(client)
    assert "Verborgen zwembadplan" in html
    assert "Zwembad in verborgen koepel" not in html
    assert "Zwembad concept" not in html  # drafts are for the admin, not site search


def test_superadmin_finds_hidden_pages_but_never_drafts(client, superadmin, pages):
    client.force_login(superadmin)
    html = titles(client)
    assert "Verborgen zwembadplan" in html and "Zwembad in verborgen koepel" in html
    assert "Zwembad concept" not in html


def test_empty_query_shows_the_form_without_results(client, pages):
    html = titles(client, "")
    assert 'name="q"' in html
    assert "Zichtbaar zwembadproject" not in html
