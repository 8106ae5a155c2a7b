"""Facet counts are kept in the cache (counting reads every post of a theme), but never show a stale number:
a new, approved, withdrawn or edited post, joining the theme and hiding a subtheme all show at once."""

import re

import pytest

from participation import factories
from participation.models import PostStatus, Section
from participation.posts import services as post_services

pytestmark = pytest.mark.django_db


def vraag_count(client, theme):
    html = client.get(f"{theme.url}?tab=berichten").content.decode()
    match = re.search(r"Vraag <span class=\"facet__count\">\((\d+)\)</span>", html)
    return int(match.group(1)) if match else 0


def test_counts_follow_new_approved_and_withdrawn_posts(client, open_theme, make_member, make_moderator):
    author = make_member(open_theme, "auteur@example.org")
    moderator = make_moderator(open_theme, "beheer@example.org")
    factories.post(author=author, page=open_theme, category=open_theme.vraag)
    assert vraag_count(client, open_theme) == 1

    post = post_services.post_create(
        author=author, page=open_theme, title="Nieuw", body="Tekst", category=open_theme.vraag
    )
    assert vraag_count(client, open_theme) == 1, "a waiting post is not counted for visitors"
    post_services.post_approve(post=post, by=moderator)
    assert vraag_count(client, open_theme) == 2
    post_services.post_withdraw(post=post, by=author)
    assert vraag_count(client, open_theme) == 1


def test_an_edit_that_changes_the_category_moves_the_count(client, closed_theme, make_member):
    author = make_member(closed_theme, "auteur@example.org")
    client.force_login(author)
    post = factories.post(author=author, page=closed_theme, category=closed_theme.vraag)
    assert vraag_count(client, closed_theme) == 1
    post_services.post_update(post=post, by=author, title="Ander soort", body="Tekst", category=closed_theme.idee)
    assert vraag_count(client, closed_theme) == 0


def test_joining_shows_the_members_posts_in_the_counts_at_once(client, mixed_theme, make_member, user_factory):
    author = make_member(mixed_theme, "auteur@example.org")
    factories.post(author=author, page=mixed_theme, category=mixed_theme.vraag, section=Section.MEMBERS)
    factories.post(author=author, page=mixed_theme, category=mixed_theme.vraag, section=Section.PUBLIC)
    newcomer = user_factory("nieuw@example.org")
    client.force_login(newcomer)
    assert vraag_count(client, mixed_theme) == 1

    factories.membership(user=newcomer, theme=mixed_theme)

    assert vraag_count(client, mixed_theme) == 2


def test_hiding_a_subtheme_takes_its_posts_out_of_the_theme_counts(client, open_theme, open_subtheme, make_member):
    author = make_member(open_theme, "auteur@example.org")
    factories.post(author=author, page=open_theme, category=open_theme.vraag)
    factories.post(author=author, page=open_subtheme, category=open_theme.vraag, status=PostStatus.PUBLISHED)
    assert vraag_count(client, open_theme) == 2

    open_subtheme.hidden = True
    open_subtheme.save()

    assert vraag_count(client, open_theme) == 1


def test_the_cached_listing_for_visitors_follows_stars_and_reactions(client, open_theme, make_member, make_moderator):
    """Visitors get the posts tab from the cache; a star or an approved reaction shows at once all the same."""
    author = make_member(open_theme, "auteur@example.org")
    fan = make_member(open_theme, "fan@example.org")
    moderator = make_moderator(open_theme, "beheer@example.org")
    post = factories.post(author=author, page=open_theme, category=open_theme.vraag, title="Druk bericht")
    first = client.get(f"{open_theme.url}?tab=berichten").content.decode()
    assert "0 stars" in first and "0 reactions" in first
    assert "csrfmiddlewaretoken" not in first[first.index('id="tab-panel"') : first.index('id="contact-form-heading"')]

    post_services.star_set(user=fan, post=post, starred=True)
    reaction = post_services.reaction_create(author=fan, post=post, body="Eens!")
    post_services.reaction_approve(reaction=reaction, by=moderator)

    again = client.get(f"{open_theme.url}?tab=berichten").content.decode()
    assert "1 star" in again and "1 reaction" in again


def test_post_cards_follow_edits_status_and_the_authors_new_name(client, closed_theme, make_member):
    """Post cards are cached per post; an edit, a new status or the author's new display name shows at once."""
    from core.accounts.services import profile_update

    author = make_member(closed_theme, "auteur@example.org")
    client.force_login(author)
    post = factories.post(author=author, page=closed_theme, category=closed_theme.vraag, title="Eerste titel")
    assert "Eerste titel" in client.get(closed_theme.url).content.decode()

    post_services.post_update(post=post, by=author, title="Tweede titel", body="Tekst", category=closed_theme.vraag)
    profile_update(user=author, display_name="Nieuwe Naam", first_name="", last_name="", interested_themes=[])
    html = client.get(closed_theme.url).content.decode()

    assert "Tweede titel" in html and "Eerste titel" not in html
    assert "Nieuwe Naam" in html
