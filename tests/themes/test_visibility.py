"""Hidden and unpublished pages answer 404 to the public, exactly like a missing page (SEC-01).

A hidden page (seed 001, "tijdelijk verborgen") and everything below it stays visible to superadmins and
to people holding a role on that part of the tree; to everyone else it does not exist.
"""

import re

import pytest

from themes.factories import organisation_page, subtheme_page, theme_page

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
MISSING_URL = "/gemeente-testdorp/bestaat-niet/"


def _body(response, url):
    """The body without the per-request CSRF token and the visitor's own address (the language form's `next`)."""
    return CSRF.sub("", response.content.decode()).replace(url, "<url>")


def _assert_looks_missing(client, url):
    response = client.get(url)
    missing = client.get(MISSING_URL)
    assert response.status_code == 404
    assert missing.status_code == 404
    assert _body(response, url) == _body(missing, MISSING_URL)
    return response


def _hide(page):
    page.hidden = True
    page.save()


# --- Hidden pages ------------------------------------------------------------------------------------


def test_a_hidden_theme_looks_missing_to_anonymous_visitors(client, theme):
    _hide(theme)

    response = _assert_looks_missing(client, theme.url)
    assert "Mobiliteit" not in response.content.decode()


def test_a_hidden_theme_looks_missing_to_a_plain_member(client, theme, member):
    _hide(theme)
    client.force_login(member)

    _assert_looks_missing(client, theme.url)


def test_a_hidden_theme_is_visible_to_a_superadmin(client, theme, superadmin):
    _hide(theme)
    client.force_login(superadmin)

    response = client.get(theme.url)

    assert response.status_code == 200
    assert "Mobiliteit" in response.content.decode()


def test_a_hidden_theme_is_visible_to_an_editor_of_its_organisation(client, organisation, theme, editor_of):
    _hide(theme)
    client.force_login(editor_of(organisation))

    assert client.get(theme.url).status_code == 200


def test_a_hidden_theme_looks_missing_to_an_editor_of_another_organisation(
    client, other_organisation, theme, editor_of
):
    _hide(theme)
    client.force_login(editor_of(other_organisation))

    _assert_looks_missing(client, theme.url)


def test_a_hidden_theme_looks_missing_to_an_editor_of_a_sibling_theme(client, theme, closed_theme, editor_of):
    _hide(theme)
    client.force_login(editor_of(closed_theme))

    _assert_looks_missing(client, theme.url)


def test_a_hidden_organisation_hides_its_themes_and_subthemes(client, organisation, theme, subtheme):
    _hide(organisation)

    _assert_looks_missing(client, organisation.url)
    _assert_looks_missing(client, theme.url)
    _assert_looks_missing(client, subtheme.url)


def test_a_hidden_organisations_subtree_stays_visible_to_its_editor(client, organisation, subtheme, editor_of):
    _hide(organisation)
    client.force_login(editor_of(organisation))

    assert client.get(organisation.url).status_code == 200
    assert client.get(subtheme.url).status_code == 200


def test_a_hidden_subtheme_hides_only_itself(client, theme, subtheme):
    _hide(subtheme)

    _assert_looks_missing(client, subtheme.url)
    assert client.get(theme.url).status_code == 200


def test_the_contact_form_of_a_hidden_theme_looks_missing_and_stores_nothing(client, theme):
    from themes.models import ContactMessage

    _hide(theme)

    response = client.post(theme.url + "contact/", {"name": "Jan", "email": "jan@example.org", "message": "Hallo"})

    assert response.status_code == 404
    assert not ContactMessage.objects.exists()


# --- Unpublished pages -------------------------------------------------------------------------------


def test_an_unpublished_theme_looks_missing_to_anonymous_visitors_and_members(client, theme, member):
    url = theme.url
    theme.unpublish()

    _assert_looks_missing(client, url)
    client.force_login(member)
    _assert_looks_missing(client, url)


def test_an_unpublished_theme_is_previewed_by_a_superadmin_in_the_admin(client, theme, superadmin, settings):
    """Drafts never show on the public site, not even to superadmins: they open them in the admin."""
    settings.WERKGROEPEN_REQUIRE_STAFF_MFA = False
    url = theme.url
    theme.unpublish()
    client.force_login(superadmin)

    assert client.get(url).status_code == 404
    preview = client.get(f"/admin/pages/{theme.pk}/view_draft/")
    assert preview.status_code == 200
    assert "Mobiliteit" in preview.content.decode()


def test_an_unpublished_organisation_takes_its_themes_with_it(client, organisation, theme, subtheme):
    urls = [organisation.url, theme.url, subtheme.url]
    organisation.unpublish()  # the organisation alone: its themes stay live in the tree

    for url in urls:
        _assert_looks_missing(client, url)


# --- Lists never show what the visitor may not open ----------------------------------------------------


def test_hidden_themes_are_left_out_of_the_organisation_page_and_the_home_counts(
    client, home, organisation, theme, closed_theme
):
    _hide(closed_theme)

    organisation_html = client.get(organisation.url).content.decode()
    home_html = client.get(home.url).content.decode()

    assert "Mobiliteit" in organisation_html
    assert "Jeugdraad" not in organisation_html
    assert "1 theme" in home_html


def test_an_editor_sees_the_hidden_theme_listed_on_their_organisation(client, organisation, closed_theme, editor_of):
    _hide(closed_theme)
    client.force_login(editor_of(organisation))

    assert "Jeugdraad" in client.get(organisation.url).content.decode()


def test_a_hidden_organisation_is_left_out_of_the_home_page(client, home, organisation, other_organisation):
    _hide(organisation)

    html = client.get(home.url).content.decode()

    assert "Koepel Jeugdhulp" in html
    assert "Gemeente Testdorp" not in html


def test_hidden_and_unpublished_subthemes_are_left_out_of_the_theme_page(client, theme):
    hidden = subtheme_page(title="Verborgen subthema", theme=theme, hidden=True)
    draft = subtheme_page(title="Ontwerp subthema", theme=theme)
    draft.unpublish()
    subtheme_page(title="Zichtbaar subthema", theme=theme)

    html = client.get(theme.url).content.decode()

    assert "Zichtbaar subthema" in html
    assert hidden.title not in html
    assert draft.title not in html


def test_breadcrumbs_show_the_visible_ancestors(client, home, organisation, theme, subtheme):
    html = client.get(subtheme.url).content.decode()

    crumbs = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', html, re.S).group(0)
    assert [href for href in re.findall(r'href="([^"]+)"', crumbs)] == [
        home.url,
        organisation.url,
        theme.url,
        subtheme.url,
    ]


def test_a_page_of_another_organisation_is_unaffected_by_a_hidden_one(client, organisation, other_organisation):
    _hide(organisation)
    other_theme = theme_page(title="Jeugdhulp", organisation=other_organisation)

    assert client.get(other_theme.url).status_code == 200


def test_an_organisation_added_later_starts_visible(client, home):
    page = organisation_page(title="Nieuwe gemeente", brand_colour="#2e6930")

    assert client.get(page.url).status_code == 200


def test_the_server_error_page_renders_without_a_request():
    """Django renders 500.html with no context at all: it must not need context processors."""
    from django.template import loader

    html = loader.get_template("500.html").render()

    assert "<h1>Something went wrong</h1>" in html
    assert "/static/css/site.css" in html
