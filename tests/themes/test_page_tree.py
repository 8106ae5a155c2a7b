"""The page tree HomePage → OrganisationPage → ThemePage → SubthemePage, and what a subtheme inherits."""

import pytest
from wagtail.models import Page

from themes.factories import subtheme_page, theme_page
from themes.models import (
    Category,
    FilterGroup,
    FilterOption,
    GroupType,
    HomePage,
    OrganisationPage,
    SubthemePage,
    ThemePage,
)

pytestmark = pytest.mark.django_db


# --- Which page may go where ---------------------------------------------------------------------


def test_an_organisation_goes_under_the_home_page_only(home, organisation, theme):
    assert OrganisationPage.can_create_at(home)
    assert not OrganisationPage.can_create_at(organisation)
    assert not OrganisationPage.can_create_at(theme)
    assert not OrganisationPage.can_create_at(Page.get_first_root_node())


def test_a_theme_goes_under_an_organisation_only(home, organisation, theme, subtheme):
    assert ThemePage.can_create_at(organisation)
    assert not ThemePage.can_create_at(home)
    assert not ThemePage.can_create_at(theme)
    assert not ThemePage.can_create_at(subtheme)


def test_a_subtheme_goes_under_a_theme_only(home, organisation, theme, subtheme):
    assert SubthemePage.can_create_at(theme)
    assert not SubthemePage.can_create_at(organisation)
    assert not SubthemePage.can_create_at(home)
    assert not SubthemePage.can_create_at(subtheme)  # no sub-subthemes


def test_a_home_page_is_a_site_root_and_nothing_else(home, organisation):
    assert HomePage.can_create_at(Page.get_first_root_node())
    assert not HomePage.can_create_at(home)
    assert not HomePage.can_create_at(organisation)


def test_each_page_offers_exactly_the_next_level_to_editors(home, organisation, theme, subtheme):
    assert home.specific.allowed_subpage_models() == [OrganisationPage]
    assert organisation.allowed_subpage_models() == [ThemePage]
    # Plugins' pages (e.g. a consultation) may also live below themes and subthemes: they name them as parents.
    assert [model for model in theme.allowed_subpage_models() if model._meta.app_label == "wg_themes"] == [SubthemePage]
    assert [model for model in subtheme.allowed_subpage_models() if model._meta.app_label == "wg_themes"] == []


# --- Working-group type ----------------------------------------------------------------------------


def test_a_subtheme_inherits_its_themes_type(closed_theme):
    subtheme = subtheme_page(title="Verslagen", theme=closed_theme)

    assert subtheme.group_type == ""
    assert subtheme.effective_group_type == GroupType.CLOSED


def test_a_subtheme_follows_a_later_change_of_its_themes_type(theme, subtheme):
    assert subtheme.effective_group_type == GroupType.OPEN

    theme.group_type = GroupType.MIXED
    theme.save()

    assert SubthemePage.objects.get(pk=subtheme.pk).effective_group_type == GroupType.MIXED


def test_a_subtheme_may_override_its_themes_type(closed_theme):
    subtheme = subtheme_page(title="Fuifbeleid", theme=closed_theme, group_type=GroupType.MIXED)

    assert subtheme.effective_group_type == GroupType.MIXED
    assert closed_theme.effective_group_type == GroupType.CLOSED  # the theme itself is untouched


# --- Categories and filter groups ------------------------------------------------------------------


def _add_category(page, name):
    return Category.objects.create(page=page, name=name)


def _add_filter(page, name, *options):
    group = FilterGroup.objects.create(page=page, name=name)
    for option in options:
        FilterOption.objects.create(group=group, name=option)
    return group


def test_a_subtheme_offers_its_themes_categories_plus_its_own_but_not_a_siblings(theme, subtheme):
    sibling = subtheme_page(title="Schoolstraten", theme=theme)
    _add_category(theme, "Vraag")
    _add_category(subtheme, "Knelpunt")
    _add_category(sibling, "Petitie")

    assert [c.name for c in subtheme.available_categories()] == ["Vraag", "Knelpunt"]
    assert [c.name for c in sibling.available_categories()] == ["Vraag", "Petitie"]


def test_a_theme_does_not_offer_its_subthemes_categories(theme, subtheme):
    _add_category(theme, "Vraag")
    _add_category(subtheme, "Knelpunt")

    assert [c.name for c in theme.available_categories()] == ["Vraag"]


def test_categories_of_another_theme_are_never_offered(organisation, theme, subtheme):
    other = theme_page(title="Cultuur", organisation=organisation)
    _add_category(other, "Tentoonstelling")

    assert "Tentoonstelling" not in [c.name for c in subtheme.available_categories()]
    assert "Tentoonstelling" not in [c.name for c in theme.available_categories()]


def test_a_subtheme_offers_its_themes_filter_groups_plus_its_own_but_not_a_siblings(theme, subtheme):
    sibling = subtheme_page(title="Schoolstraten", theme=theme)
    _add_filter(theme, "Regio", "Noord", "Zuid")
    _add_filter(subtheme, "Straat", "Kerkstraat")
    _add_filter(sibling, "School", "De Linde")

    groups = list(subtheme.available_filter_groups())

    assert [g.name for g in groups] == ["Regio", "Straat"]
    assert [o.name for o in groups[0].options.all()] == ["Noord", "Zuid"]
    assert [g.name for g in theme.available_filter_groups()] == ["Regio"]
    assert [g.name for g in sibling.available_filter_groups()] == ["Regio", "School"]


# --- The builders the tests use (themes/factories.py) ------------------------------------------------------------


def test_the_builders_make_pages_the_administration_would_accept_with_wagtails_defaults_log_and_collection(
    home, organisation, theme, subtheme
):
    """The builders skip Wagtail's form validation for speed; what they make must still pass it, carry the defaults
    it would have set, be logged as created and, for an organisation, get its collection of images and documents."""
    from wagtail.models import PageLogEntry

    from core.roles.models import OrganisationCollection

    assert (organisation.slug, theme.slug) == ("gemeente-testdorp", "mobiliteit")
    for page, parent in ((organisation, home), (theme, organisation), (subtheme, theme)):
        fresh = type(page).objects.get(pk=page.pk)
        fresh.full_clean()  # no ValidationError
        assert fresh.draft_title == fresh.title and fresh.slug
        assert fresh.locale_id == home.locale_id
        assert fresh.get_parent().pk == parent.pk and fresh.url_path == f"{parent.url_path}{fresh.slug}/"
        assert PageLogEntry.objects.filter(page_id=page.pk, action="wagtail.create").count() == 1
        assert "full_clean" not in vars(page)  # the instance is validated as any other afterwards
    assert OrganisationCollection.objects.filter(page_id=organisation.pk).count() == 1
