"""Query counts of the home, organisation, theme and subtheme pages do not grow with the number of themes (PERF-02).

Issue requirement: "query counts of the home, organisation and theme pages stay constant between 2 and 50
themes". The tree is built at 2 themes, every page is fetched and its queries counted, then the same tree
is grown to 50 themes and counted again. Every theme has two subthemes (one inheriting its type, one with
its own), two categories, two filter groups of two options and two member organisations with a logo and a
vision; each subtheme has a category, a filter group and a member organisation of its own. The measured
theme and subtheme also collect one more category, filter group and participating member organisation per
theme, so a query per category, filter group, option, member organisation or logo would show. One theme of
the organisation is hidden (a role holder sees it, a visitor gets 404), and the home page lists one extra
organisation with a logo per ten themes (1 at 2 themes, 5 at 50).

Each page is fetched once to warm what fills once (logo renditions, the site-root cache), then counted on
the second fetch, for an anonymous visitor, a signed-in member without a role, and an editor of the
organisation (role given through core.roles.assign_role).

Counts measured (second GET; the same at 2 and at 50 themes, on SQLite and on PostgreSQL 15; at commit
0559e30):

    page            anonymous   member   editor
    home                6           9       16    (the recent public posts panel: one query, issue 14 §13)
    organisation        8          11       18
    theme               4          10       16
    subtheme            4          10       16
    hidden theme      404         404       16

No page grows with the number of themes: logos come with their renditions, categories, filter groups with
their options, and member organisations in one query each, whatever their number, and all of them sit in the
tree cache (core/tree_cache.py) between changes of the tree. A visitor's posts tab comes from the cache until
the theme's posts change (participation/presenters.py). A signed-in member adds the user, roles, memberships,
the unread-notification count and the posts; an editor also Wagtail's user bar (permissions, its page).
The theme page is within PERF-02's budget of 12 for visitors and members.
"""

import re

import pytest
from django.test import Client

from config.hooks import REGISTER_USER_MENU_ITEM
from core.models import Role
from core.roles.services import assign_role
from tests.fixtures.plugin_costs import plugin_query_allowance
from themes import factories
from themes.factories import organisation_page, subtheme_page, theme_page
from themes.models import (
    Category,
    CategoryIcon,
    FilterGroup,
    FilterOption,
    GroupType,
    MemberOrganisation,
    ThemeMemberOrganisation,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 50

# The stated ceilings: the counts measured when these tests were written (see the table above). Lower them when a
# change saves queries; raising one needs a reason in the commit message. Installed real plugins add one query per
# header-menu function (tests/fixtures/plugin_costs.py).
CEILINGS = {
    "anonymous": {"home": 6, "organisation": 8, "theme": 4, "subtheme": 4},
    "member": {"home": 9, "organisation": 11, "theme": 10, "subtheme": 10},
    "editor": {"home": 16, "organisation": 18, "theme": 16, "subtheme": 16},
}

GROUP_TYPES = [GroupType.OPEN, GroupType.CLOSED, GroupType.MIXED]


class Tree:
    """The page tree under test, grown in place from `SMALL` to `LARGE` themes."""

    def __init__(self, home, organisation):
        self.home = home
        self.organisation = organisation
        self.themes = []
        self.extra_organisations = []
        organisation.logo = factories.image(title="Logo Testdorp", text="GT")
        organisation.intro = "<p>Samen maken we Testdorp beter.</p>"
        organisation.save()
        self.theme = None  # the measured theme: the first one
        self.subtheme = None  # the measured subtheme: its first
        self.hidden_theme = None

    def _fiche(self, name, colour="#1f4e79"):
        return MemberOrganisation.objects.create(
            organisation=self.organisation,
            name=name,
            logo=factories.image(title=f"Logo {name}", text=name[:2], colour=colour),
            activities=f"Wat {name} doet.",
            contact_email="info@example.org",
            website="https://example.org",
        )

    def _dress(self, page, label, *, categories=2, filter_groups=2, fiches=2):
        for c in range(categories):
            Category.objects.create(page=page, name=f"Categorie {label}.{c}", icon=CategoryIcon.IDEA)
        for g in range(filter_groups):
            group = FilterGroup.objects.create(page=page, name=f"Filter {label}.{g}")
            FilterOption.objects.create(group=group, name=f"Ja {label}.{g}")
            FilterOption.objects.create(group=group, name=f"Nee {label}.{g}")
        for f in range(fiches):
            ThemeMemberOrganisation.objects.create(
                page=page, member_organisation=self._fiche(f"Vereniging {label}.{f}"), vision=f"Visie {label}.{f}"
            )

    def grow(self, count):
        """Add themes until the organisation has `count` of them (the hidden one included)."""
        while len(self.themes) < count:
            i = len(self.themes)
            theme = theme_page(
                title=f"Thema {i}",
                organisation=self.organisation,
                group_type=GROUP_TYPES[i % 3],
                intro=f"<p>Over thema {i}.</p>",
                hidden=(i == 1),  # the second theme is temporarily hidden
            )
            self._dress(theme, str(i))
            for s, group_type in enumerate(["", GroupType.CLOSED]):
                subtheme = subtheme_page(
                    title=f"Subthema {i}.{s}", theme=theme, group_type=group_type, intro="<p>Een deel.</p>"
                )
                self._dress(subtheme, f"{i}.{s}", categories=1, filter_groups=1, fiches=1)
                if self.subtheme is None:
                    self.subtheme = subtheme
            self.themes.append(theme)
            if self.theme is None:
                self.theme = theme
            if i == 1:
                self.hidden_theme = theme
            if i > 0:
                # The measured theme's own lists grow with the number of themes.
                self._dress(self.theme, f"0+{i}", categories=1, filter_groups=1, fiches=1)
                self._dress(self.subtheme, f"0.0+{i}", categories=1, filter_groups=1, fiches=1)
            if i % 10 == 0:
                extra = organisation_page(
                    title=f"Organisatie {i // 10}", logo=factories.image(title=f"Logo org {i}", text=str(i))
                )
                theme_page(title=f"Werkgroep {i // 10}", organisation=extra)
                self.extra_organisations.append(extra)

    def urls(self):
        return {
            "home": self.home.url,
            "organisation": self.organisation.url,
            "theme": self.theme.url,
            "subtheme": self.subtheme.url,
        }


@pytest.fixture(autouse=True)
def _roomy_cache(settings):
    """The site's local-memory cache keeps room for every logo rendition.

    Wagtail caches each rendition it makes; the 50-theme tree has about 300 logos, and LocMemCache's default
    of 300 entries would then cull other entries (the site-root paths, core.tree_cache, a logo rendition),
    adding one or two queries that come from the size of the cache, not from the pages.
    """
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "werkgroepen-query-counts",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }


@pytest.fixture
def tree(home, organisation):
    return Tree(home, organisation)


@pytest.fixture
def visitors(tree, user_factory):
    """A browser per role: an anonymous visitor, a signed-in member without a role, an editor of the organisation."""
    clients = {role: Client(headers={"accept-language": "en"}) for role in CEILINGS}
    clients["member"].force_login(user_factory("lid@example.org"))
    editor = user_factory("redacteur@example.org")
    assign_role(user=editor, role=Role.EDITOR, page=tree.organisation)
    clients["editor"].force_login(editor)
    return clients


def _count(client, url, ceiling, django_assert_max_num_queries):
    """Queries of the second GET of `url` (the first fills renditions and the site-root cache)."""
    assert client.get(url).status_code == 200
    with django_assert_max_num_queries(ceiling) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def _what_the_visitor_sees(role, client, tree, count):
    """The pages show all the grown content (so the counts are of full pages), and the hidden theme only to
    the editor."""
    sees_hidden = role == "editor"
    visible_themes = count if sees_hidden else count - 1
    fiches = MemberOrganisation.objects.filter(organisation=tree.organisation).count()

    home = client.get(tree.home.url).content.decode()
    assert home.count('class="card card--organisation"') == 1 + len(tree.extra_organisations)
    card = re.search(r'<li class="card card--organisation">(?:(?!</li>).)*Gemeente Testdorp.*?</li>', home, re.S)
    assert f"{visible_themes} theme{'' if visible_themes == 1 else 's'}</p>" in card.group()

    organisation = client.get(tree.organisation.url).content.decode()
    assert organisation.count('class="card card--theme"') == visible_themes
    assert organisation.count('class="card card--fiche"') == fiches
    assert organisation.count("<img") == 1 + fiches  # the organisation's logo and every member's
    assert ("Thema 1</a>" in organisation) is sees_hidden

    theme = client.get(tree.theme.url).content.decode()
    grown = 2 + (count - 1)  # the theme's own two, and one more per other theme
    assert theme.count('class="card card--subtheme"') == 2
    assert theme.count('class="card card--fiche"') == grown
    assert theme.count("<img") == grown
    assert theme.count('class="category category--') == grown
    assert theme.count('class="filter-group__name"') == grown
    assert f"<li>Ja 0+{count - 1}.0</li><li>Nee 0+{count - 1}.0</li>" in theme

    subtheme = client.get(tree.subtheme.url).content.decode()
    own_and_inherited = grown + (1 + (count - 1))
    assert subtheme.count('class="category category--') == own_and_inherited
    assert subtheme.count('class="filter-group__name"') == own_and_inherited
    assert subtheme.count('class="card card--fiche"') == own_and_inherited
    assert subtheme.count("<img") == own_and_inherited

    assert client.get(tree.hidden_theme.url).status_code == (200 if sees_hidden else 404)


def _measure(tree, visitors, count, django_assert_max_num_queries):
    tree.grow(count)
    counts = {}
    for role, client in visitors.items():
        _what_the_visitor_sees(role, client, tree, count)
        urls = tree.urls()
        if role == "editor":
            urls["hidden theme"] = tree.hidden_theme.url  # the role brings it back; at a theme's cost
        for page, url in urls.items():
            ceiling = CEILINGS[role]["theme" if page == "hidden theme" else page] + plugin_query_allowance(
                REGISTER_USER_MENU_ITEM
            )
            counts[role, page] = _count(client, url, ceiling, django_assert_max_num_queries)
    return counts


def test_page_query_counts_are_the_same_with_2_and_50_themes(tree, visitors, django_assert_max_num_queries):
    """PERF-02: the home, organisation, theme and subtheme pages cost the same number of queries with 2 themes
    as with 50 (each with subthemes, categories, filter groups with options and member organisations with
    logos), for an anonymous visitor, a signed-in member and an editor of the organisation, and each stays
    within its stated ceiling. The editor opens the hidden theme at the cost of a visible one; the others get
    404 there."""
    small = _measure(tree, visitors, SMALL, django_assert_max_num_queries)
    large = _measure(tree, visitors, LARGE, django_assert_max_num_queries)

    for (role, page), queries in small.items():
        print(f"PERF-02 {role:9} {page:12} {SMALL} themes: {queries:2} queries, {LARGE} themes: {large[role, page]:2}")
    assert large == small
    assert small["editor", "hidden theme"] == small["editor", "theme"]
