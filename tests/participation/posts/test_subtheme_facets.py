"""The facets of a theme include its subthemes' categories and filter options when their posts are listed (issue
14 §11): a theme page lists the posts of its subthemes too, so a visitor can narrow them down by what those posts
carry, and each option counts and lists exactly its posts. A subtheme's page offers its own and its theme's."""

import pytest

from participation import factories
from tests.participation.posts.listing_html import facets, post_ids
from themes.factories import subtheme_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(open_theme, make_member):
    sub = subtheme_page(title="Fietspaden", theme=open_theme)
    verslag = factories.category(page=sub, name="Verslag")
    straat = factories.filter_group(page=sub, name="Straat", options=["Kerkstraat", "Molenweg"])
    other = subtheme_page(title="Parkeren", theme=open_theme)
    unused = factories.category(page=other, name="Ongebruikt")
    author = make_member(open_theme, "auteur@example.org")
    kerkstraat = straat.options.get(name="Kerkstraat")
    on_sub = factories.post(author=author, page=sub, title="Verslag fietspaden", category=verslag, options=[kerkstraat])
    on_theme = factories.post(author=author, page=open_theme, title="Vraag over de bus", category=open_theme.vraag)
    return {
        "sub": sub,
        "verslag": verslag,
        "straat": straat,
        "kerkstraat": kerkstraat,
        "unused": unused,
        "on_sub": on_sub,
        "on_theme": on_theme,
    }


def test_the_theme_offers_its_subthemes_categories_and_filters(client, open_theme, world):
    shown = facets(client.get(open_theme.url).content.decode())

    assert shown["categorie"]["Verslag (Fietspaden)"].count == 1
    assert shown["categorie"]["Vraag"].count == 1
    assert "Ongebruikt (Parkeren)" not in shown["categorie"]  # no posts listed with it: not offered
    straat = shown[f"filter-{world['straat'].pk}"]
    assert straat["Kerkstraat"].count == 1 and "Molenweg" not in straat

    chosen = client.get(shown["categorie"]["Verslag (Fietspaden)"].url).content.decode()
    assert post_ids(chosen) == [world["on_sub"].pk]
    by_street = client.get(straat["Kerkstraat"].url).content.decode()
    assert post_ids(by_street) == [world["on_sub"].pk]


def test_a_subtheme_offers_its_own_and_its_themes_not_its_siblings(client, world):
    html = client.get(world["sub"].url).content.decode()
    shown = facets(html)
    assert "Verslag" in shown["categorie"]  # its own, without its own name behind it
    assert post_ids(html) == [world["on_sub"].pk]
    assert not any("Parkeren" in label for label in shown["categorie"])
