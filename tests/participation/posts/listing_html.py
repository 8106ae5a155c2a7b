"""Reading the theme page's posts listing as a visitor does: the posts in order, the sort links, the facet
options with their counts, and the "Load more" links (the plain link and the htmx fragment URL)."""

import re
from dataclasses import dataclass
from html import unescape
from urllib.parse import parse_qs, urlsplit

POST_ITEM = re.compile(r'<li class="post-card" id="bericht-(\d+)">')
SORT_NAV = re.compile(r'<nav class="sorts"[^>]*>(.*?)</nav>', re.S)
SORT_LINK = re.compile(r'<a href="([^"]+)"( aria-current="true")?[^>]*>([^<]+)</a>')
FACET_SECTION = re.compile(r'<section class="facet" aria-labelledby="facet-([^"]+)">(.*?)</section>', re.S)
FACET_OPTION = re.compile(
    r'<a href="([^"]+)"( aria-current="true")?[^>]*>([^<]+?) <span class="facet__count">\((\d+)\)</span>'
)
MORE_BOX = re.compile(r'<div id="posts-more" class="posts-more"( hx-swap-oob="true")?>(.*?)</div>', re.S)
MORE_LINK = re.compile(r'<a class="button button--secondary" href="([^"]+)" hx-get="([^"]+)"')


@dataclass
class Link:
    label: str
    url: str
    selected: bool

    @property
    def query(self):
        return {key: values[0] for key, values in parse_qs(urlsplit(self.url).query).items()}


@dataclass
class FacetLink(Link):
    count: int


def post_ids(html):
    """The ids of the posts listed, in the order shown."""
    return [int(pk) for pk in POST_ITEM.findall(html)]


def sort_links(html):
    nav = SORT_NAV.search(html)
    assert nav, "the posts listing has no sort links"
    return {
        label.strip(): Link(label=label.strip(), url=unescape(url), selected=bool(current))
        for url, current, label in SORT_LINK.findall(nav.group(1))
    }


def facets(html):
    """``{facet key: {option label: FacetLink}}``: the options shown next to the listing, with their counts."""
    found = {}
    for key, body in FACET_SECTION.findall(html):
        found[key] = {
            label.strip(): FacetLink(label=label.strip(), url=unescape(url), selected=bool(current), count=int(n))
            for url, current, label, n in FACET_OPTION.findall(body)
        }
    return found


def more(html):
    """``(page URL, fragment URL)`` of "Load more", ``(None, None)`` on the last batch."""
    box = MORE_BOX.search(html)
    assert box, "the listing has no 'more' box"
    link = MORE_LINK.search(box.group(2))
    if not link:
        return None, None
    return unescape(link.group(1)), unescape(link.group(2))


def is_out_of_band(html):
    box = MORE_BOX.search(html)
    return bool(box and box.group(1))


def local(url):
    """A URL the test client can fetch (the fragment after # is the browser's)."""
    return url.split("#", 1)[0]


def all_pages(client, url, *, limit=200):
    """Every post id the visitor reaches from `url` by following "Load more" to the end, and the pages seen."""
    ids, pages = [], 0
    next_url = url
    while next_url:
        response = client.get(local(next_url))
        assert response.status_code == 200, (next_url, response.status_code)
        html = response.content.decode()
        ids.extend(post_ids(html))
        next_url, _fragment = more(html)
        pages += 1
        assert pages < limit, "Load more never ends"
    return ids, pages


def all_fragments(client, url, *, limit=200):
    """Every post id reached from the page at `url` by following the htmx "Load more" fragments to the end."""
    html = client.get(local(url)).content.decode()
    ids = post_ids(html)
    _page_url, fragment_url = more(html)
    fragments = 0
    while fragment_url:
        response = client.get(fragment_url, headers={"hx-request": "true"})
        assert response.status_code == 200, (fragment_url, response.status_code)
        html = response.content.decode()
        assert is_out_of_band(html), "a fragment must replace the 'more' box out of band"
        ids.extend(post_ids(html))
        _page_url, fragment_url = more(html)
        fragments += 1
        assert fragments < limit, "Load more never ends"
    return ids
