"""The home page shows recent public activity beside "zo werkt het" (issue 14 §13): the latest approved posts an
anonymous visitor may read, with their theme, date and a link. Never a waiting, shielded, members-only,
hidden-theme or unpublished-page post (SEC-06), also not for a signed-in member: it is the *public* activity, one
result for every viewer. A fixed number of queries whatever the number of posts (PERF-01)."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from participation import factories
from participation.home_activity.selectors import RECENT
from participation.models import PostStatus, Section
from themes.factories import subtheme_page, theme_page
from themes.models import GroupType, HomePage, OrganisationPage

pytestmark = pytest.mark.django_db

# The whole home page, measured: the panel itself is one query (the posts with their theme) for everyone; a member
# adds the session, their account and their rights, never a query per post.
VISITOR_QUERIES = 5
MEMBER_QUERIES = 8


def panel_of(html):
    """The HTML of the "Recent on the platform" panel of the home page."""
    assert "Recent on the platform" in html
    return html.split("Recent on the platform</h2>")[1].split("</section>")[0]


def home_panel(home, user=None):
    client = Client(headers={"accept-language": "en"})
    if user is not None:
        client.force_login(user)
    return panel_of(client.get(home.url).content.decode())


@pytest.fixture
def author(user_factory):
    return user_factory("auteur@example.org", "Auteur")


def test_a_visitor_sees_a_public_approved_post_with_theme_date_and_link(home, open_theme, author):
    when = timezone.make_aware(datetime(2026, 3, 14, 12, 0))
    post = factories.post(author=author, page=open_theme, title="Veilige schoolroute", when=when)
    panel = home_panel(home)
    assert f'<a href="{post.get_absolute_url()}">Veilige schoolroute</a>' in panel
    assert "Mobiliteit" in panel
    assert '<time datetime="2026-03-14T12:00:00' in panel and "14 March 2026</time>" in panel


def test_the_newest_come_first_and_only_five(home, open_theme, author):
    start = timezone.now() - timedelta(days=30)
    for number in range(RECENT + 2):
        factories.post(author=author, page=open_theme, title=f"Bericht {number}", when=start + timedelta(days=number))
    panel = home_panel(home)
    shown = [f"Bericht {number}" for number in range(RECENT + 2) if f"Bericht {number}<" in panel]
    assert shown == [f"Bericht {number}" for number in range(2, RECENT + 2)]
    assert panel.index("Bericht 6<") < panel.index("Bericht 2<")


def test_a_waiting_rejected_or_withdrawn_post_is_not_listed(home, open_theme, author):
    for status in (PostStatus.PENDING, PostStatus.REJECTED, PostStatus.WITHDRAWN):
        factories.post(author=author, page=open_theme, title=f"Niet publiek {status}", status=status)
    factories.post(author=author, page=open_theme, title="Wel publiek")
    panel = home_panel(home)
    assert "Wel publiek" in panel and "Niet publiek" not in panel


def test_a_shielded_post_is_not_listed_even_for_the_reader_it_was_picked_for(home, open_theme, author, make_member):
    reader = make_member(open_theme, "lezer@example.org")
    factories.post(author=author, page=open_theme, title="Afgeschermd bericht", audience=[reader])
    factories.post(author=author, page=open_theme, title="Open bericht")
    for viewer in (None, reader, author):
        panel = home_panel(home, viewer)
        assert "Open bericht" in panel and "Afgeschermd bericht" not in panel


def test_members_only_posts_are_not_listed_even_for_members(home, closed_theme, mixed_theme, author, make_member):
    member = make_member(closed_theme, "lid@example.org")
    factories.membership(user=member, theme=mixed_theme)
    factories.post(author=author, page=closed_theme, title="Jeugdraad intern")
    factories.post(author=author, page=mixed_theme, title="Ledenhoek", section=Section.MEMBERS)
    factories.post(author=author, page=mixed_theme, title="Publiek in gemengd", section=Section.PUBLIC)
    for viewer in (None, member):
        panel = home_panel(home, viewer)
        assert "Publiek in gemengd" in panel
        assert "Jeugdraad intern" not in panel and "Ledenhoek" not in panel


def test_posts_of_a_hidden_theme_are_not_listed_even_for_its_moderator(home, organisation, author, make_moderator):
    hidden = theme_page(title="Begroting 2027", organisation=organisation, group_type=GroupType.OPEN, hidden=True)
    moderator = make_moderator(hidden, "moderator@example.org")
    factories.post(author=author, page=hidden, title="Verborgen thema")
    for viewer in (None, moderator):
        assert "Verborgen thema" not in home_panel(home, viewer)


def test_posts_of_an_unpublished_page_are_not_listed(home, open_theme, author):
    subtheme = subtheme_page(title="Fietspaden", theme=open_theme)
    factories.post(author=author, page=subtheme, title="In het subthema")
    factories.post(author=author, page=open_theme, title="In het thema")
    assert "In het subthema" in home_panel(home)
    subtheme.unpublish()
    panel = home_panel(home)
    assert "In het subthema" not in panel and "In het thema" in panel


def test_a_member_sees_the_same_public_list_not_their_own_private_posts(home, open_theme, closed_theme, make_member):
    member = make_member(closed_theme, "lid@example.org")
    factories.membership(user=member, theme=open_theme)
    factories.post(author=member, page=open_theme, title="Mijn wachtend bericht", status=PostStatus.PENDING)
    factories.post(author=member, page=closed_theme, title="Mijn jeugdraadbericht")
    factories.post(author=member, page=open_theme, title="Mijn publiek bericht")
    as_member, as_visitor = home_panel(home, member), home_panel(home)
    assert as_member == as_visitor
    assert "Mijn publiek bericht" in as_member
    assert "Mijn wachtend bericht" not in as_member and "Mijn jeugdraadbericht" not in as_member


def test_with_nothing_public_yet_the_panel_invites_to_be_the_first(home, closed_theme, author):
    factories.post(author=author, page=closed_theme, title="Alleen voor leden")
    panel = home_panel(home)
    assert "Nobody has posted publicly yet. Open a theme below and be the first." in panel
    assert "<ul" not in panel and "Alleen voor leden" not in panel


def test_the_panel_reads_in_dutch(home, open_theme, author):
    html = Client(headers={"accept-language": "nl"}).get(home.url).content.decode()
    assert "Recent op het platform" in html
    assert "Nog niemand heeft iets openbaar gepost" in html


def test_posts_below_another_home_page_are_not_listed(home, open_theme, author):
    """Each site's home page shows its own organisations' posts only."""
    other_home = Page.get_first_root_node().add_child(instance=HomePage(title="Andere site", slug="andere-site"))
    elsewhere = other_home.add_child(instance=OrganisationPage(title="Elders", slug="elders"))
    theme = theme_page(title="Elders thema", organisation=elsewhere, group_type=GroupType.OPEN)
    factories.post(author=author, page=theme, title="Bericht van elders")
    factories.post(author=author, page=open_theme, title="Bericht van hier")
    panel = home_panel(home)
    assert "Bericht van hier" in panel and "Bericht van elders" not in panel


@pytest.mark.parametrize("posts", [3, 60])
def test_the_home_page_takes_a_fixed_number_of_queries(
    home, open_theme, closed_theme, author, make_member, posts, django_assert_max_num_queries
):
    """PERF-01: the same ceiling at 3 and 60 posts, for a visitor and a member."""
    member = make_member(open_theme, "lid@example.org")
    for number in range(posts):
        factories.post(author=author, page=open_theme if number % 2 else closed_theme, title=f"Bericht {number}")
    for viewer, ceiling in ((None, VISITOR_QUERIES), (member, MEMBER_QUERIES)):
        client = Client(headers={"accept-language": "en"})
        if viewer is not None:
            client.force_login(viewer)
        client.get(home.url)  # warm the per-process caches (site root paths, tree)
        with django_assert_max_num_queries(ceiling):
            html = client.get(home.url).content.decode()
        assert html.count('class="recent-posts__item"') == min(RECENT, posts // 2)
