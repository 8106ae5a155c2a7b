"""Site search: pages from Wagtail's index, narrowed in the database to what the visitor may see,
plus every provider registered through the ``register_search_provider`` hook.

Whatever is typed is read as words (:func:`search_words`): the search backends take their query as a full-text
expression (SQLite's FTS5 ``MATCH``, PostgreSQL's ``tsquery``), where a lone ``"`` is a syntax error and a NUL
byte cannot be sent at all, so quotes, operators and control characters never reach them (issue 9).
"""

import re
import unicodedata
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.models import Page

from config.hooks import REGISTER_SEARCH_PROVIDER, SearchHit, call
from core.pages.selectors import visible_pages

MAX_CANDIDATES = 200
MAX_QUERY_LENGTH = 200
WORD = re.compile(r"\w+")  # letters and digits of any script; everything else separates words


def clean_query(text):
    """What someone typed, as shown back to them: without control characters (NUL, escape codes, invisible
    formatting), whitespace collapsed, at most 200 characters."""
    text = unicodedata.normalize("NFC", str(text or ""))
    # Control characters (NUL, tab, escape) separate words; invisible ones (soft hyphen, zero-width space,
    # unassigned code points) are dropped so they cannot split a word or hide in one.
    text = "".join(_clean_char(char) for char in text)
    return " ".join(text.split())[:MAX_QUERY_LENGTH]


def _clean_char(char):
    category = unicodedata.category(char)
    if category == "Cc" or category[0] == "Z":
        return " "
    return "" if category[0] == "C" else char


def search_words(text):
    """The words of `text`, joined by spaces: the only query the search backends and providers get."""
    return " ".join(WORD.findall(clean_query(text)))


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
    """What `user` may see that matches the words of `query` (anything typed: quotes, operators and control
    characters are dropped, see :func:`search_words`), pages first, then every provider's hits."""
    shown = clean_query(query)
    words = search_words(shown)
    if not words:
        return SearchResults(query=shown, hits=[])
    hits = search_pages(words, user)
    for provider in call(REGISTER_SEARCH_PROVIDER):
        hits.extend(provider.search(words, user, 50))
    return SearchResults(query=shown, hits=hits)
