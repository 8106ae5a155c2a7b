"""Site search: pages from Wagtail's index, narrowed in the database to what the visitor may see,
plus every provider registered through the ``register_search_provider`` hook."""

from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from config.hooks import REGISTER_SEARCH_PROVIDER, SearchHit, call
from core.permissions import visible_pages

MAX_CANDIDATES = 200


@dataclass
class SearchResults:
    query: str
    hits: list


def _excerpt(page):
    for attr in ("search_description", "intro", "goal"):
        text = getattr(page, attr, "")
        if text:
            return Truncator(strip_tags(str(text))).words(30)
    return ""


def search_pages(query, user, limit=50):
    """Pages matching `query` that `user` may see, best match first."""
    # The index only knows "live"; hidden subtrees and any other rule are applied by visible_pages.
    candidates = [page.pk for page in Page.objects.live().search(query)[:MAX_CANDIDATES]]
    if len(candidates) < MAX_CANDIDATES:
        # Words typed in part ("zwembad" for "zwembadproject") match titles through autocomplete.
        seen = set(candidates)
        for page in Page.objects.live().autocomplete(query)[:MAX_CANDIDATES]:
            if page.pk not in seen:
                candidates.append(page.pk)
                seen.add(page.pk)
    if not candidates:
        return []
    allowed = {page.pk: page for page in visible_pages(user).filter(pk__in=candidates).specific()}
    hits = []
    for pk in candidates:
        page = allowed.get(pk)
        if page is not None:
            hits.append(
                SearchHit(
                    title=page.title, url=page.url, kind=page.specific_class._meta.verbose_name, excerpt=_excerpt(page)
                )
            )
        if len(hits) >= limit:
            break
    return hits


def site_search(query, user):
    query = (query or "").strip()[:200]
    if not query:
        return SearchResults(query="", hits=[])
    hits = search_pages(query, user)
    for provider in call(REGISTER_SEARCH_PROVIDER):
        hits.extend(provider.search(query, user, 50))
    return SearchResults(query=query, hits=hits)
