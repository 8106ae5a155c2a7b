"""What a theme shows outside the site: the Atom feed and the embeddable widget (seed 001).

Both show only what an anonymous visitor may see, whoever asks (SEC-02), and the widget may be framed only by
the sites its organisation lists (CSP frame-ancestors).
"""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError

from participation import factories
from participation.models import PostStatus, Section
from themes.embedding import parse_embed_origins, validate_embed_origins

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def _feed_titles(response):
    root = ET.fromstring(response.content)  # noqa: S314 - our own feed, in a test
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_the_feed_lists_the_public_posts_of_a_theme_and_its_subthemes(client, open_theme, open_subtheme, make_member):
    author = make_member(open_theme, "auteur@example.org")
    factories.post(author=author, page=open_theme, title="Publiek op het thema")
    factories.post(author=author, page=open_subtheme, title="Publiek op het subthema")
    factories.post(author=author, page=open_theme, title="Wacht nog", status=PostStatus.PENDING)
    factories.post(author=author, page=open_theme, title="Afgeschermd", audience=[make_member(open_theme, "x@e.org")])

    response = client.get(f"/deelname/werkgroep/{open_theme.pk}/feed/")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    assert sorted(_feed_titles(response)) == ["Publiek op het subthema", "Publiek op het thema"]


def test_a_logged_in_member_gets_the_same_public_feed(client, mixed_theme, make_member):
    author = make_member(mixed_theme, "auteur@example.org")
    factories.post(author=author, page=mixed_theme, title="Voor iedereen", section=Section.PUBLIC)
    factories.post(author=author, page=mixed_theme, title="Alleen leden", section=Section.MEMBERS)
    client.force_login(author)

    titles = _feed_titles(client.get(f"/deelname/werkgroep/{mixed_theme.pk}/feed/"))

    assert titles == ["Voor iedereen"]


def test_a_closed_theme_feed_has_no_entries(client, closed_theme, make_member):
    author = make_member(closed_theme, "auteur@example.org")
    factories.post(author=author, page=closed_theme, title="Binnenskamers")
    assert _feed_titles(client.get(f"/deelname/werkgroep/{closed_theme.pk}/feed/")) == []


def test_feed_and_widget_of_a_hidden_theme_look_missing(client, open_theme):
    open_theme.hidden = True
    open_theme.save()
    for url in (f"/deelname/werkgroep/{open_theme.pk}/feed/", f"/deelname/werkgroep/{open_theme.pk}/widget/"):
        assert client.get(url).status_code == 404
    assert client.get("/deelname/werkgroep/999999/feed/").status_code == 404


def test_the_widget_may_be_framed_only_by_the_listed_sites(client, organisation, open_theme, make_member):
    organisation.embed_origins = "https://www.testdorp.be\nhttps://intranet.testdorp.be:8443/"
    organisation.save()
    author = make_member(open_theme, "auteur@example.org")
    factories.post(author=author, page=open_theme, title="In de kijker")

    response = client.get(f"/deelname/werkgroep/{open_theme.pk}/widget/")

    assert response.status_code == 200
    assert "In de kijker" in response.content.decode()
    assert "frame-ancestors https://www.testdorp.be https://intranet.testdorp.be:8443;" in (
        response["Content-Security-Policy"] + ";"
    ).replace(";;", ";")
    assert "X-Frame-Options" not in response
    assert "<form" not in response.content.decode(), "a framed page offers nothing to click-jack"


def test_without_listed_sites_the_widget_cannot_be_framed(client, open_theme):
    response = client.get(f"/deelname/werkgroep/{open_theme.pk}/widget/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_rest_of_the_site_can_never_be_framed(client, open_theme):
    response = client.get(open_theme.url)
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_embed_origins_must_be_site_addresses():
    validate_embed_origins("https://www.houtem.be\n\nhttp://localhost:8000")
    for bad in ("www.houtem.be", "javascript:alert(1)", "https://houtem.be/pad?x=1", "https://*.houtem.be", "*"):
        with pytest.raises(ValidationError):
            validate_embed_origins(bad)
    assert parse_embed_origins("https://WWW.Houtem.be/\nhttps://www.houtem.be") == ["https://www.houtem.be"]
