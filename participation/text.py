"""Member-written text: light formatting in, safe HTML out (SEC-08).

Members write in a plain text box with a few marks (Markdown: ``**vet**``, ``*cursief*``, lists, links and
blank lines between paragraphs). Whatever they type, HTML included, passes nh3's allow-list before it is
stored: no script, no style, no event handler, no image, links only to http(s) and mailto.
"""

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.text import Truncator

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}


def sanitise_html(html):
    """`html` reduced to the allow-list; links get rel="nofollow noopener noreferrer ugc"."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    ).strip()


def render_member_text(source):
    """What a member typed (light Markdown) as sanitised HTML."""
    html = markdown.markdown(source or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return sanitise_html(html)


def has_text(html):
    """Whether sanitised HTML still says something (a body of only tags or spaces is empty)."""
    return bool(strip_tags(html).strip())


def excerpt(html, words=40):
    return Truncator(strip_tags(html).replace("\xa0", " ")).words(words)
