"""What a theme shows outside the site: its Atom feed and the embeddable widget (seed 001). Both show only
what an anonymous visitor may see: ``visible_to(AnonymousUser())``, whoever asks."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET

from core.content.services import excerpt
from participation.feeds.selectors import public_posts, public_theme

FEED_SIZE = 30
WIDGET_SIZE = 5


def _public_theme(theme_id):
    """A live theme anyone may see, else 404."""
    theme = public_theme(theme_id)
    if theme is None:
        raise Http404
    return theme


class ThemeFeed(Feed):
    """Atom feed of a theme's public posts (its subthemes' included), newest first."""

    feed_type = Atom1Feed

    def get_object(self, request, theme_id):
        self.request = request
        return _public_theme(theme_id)

    def title(self, theme):
        return _("%(theme)s: latest posts") % {"theme": theme.title}

    def link(self, theme):
        return theme.url

    def subtitle(self, theme):
        return _("Public posts of the working group %(theme)s on Werkgroepen.") % {"theme": theme.title}

    def items(self, theme):
        return public_posts(theme, FEED_SIZE)

    def item_title(self, post):
        return post.title

    def item_description(self, post):
        return excerpt(post.body, 80)

    def item_link(self, post):
        return post.get_absolute_url()

    def item_pubdate(self, post):
        return post.published_at

    def item_updateddate(self, post):
        return post.updated_at

    def item_author_name(self, post):
        if post.on_behalf_of_id:
            return post.on_behalf_of.name
        return post.author.display_name if post.author_id else _("deleted user")

    def item_categories(self, post):
        return [post.category.name] if post.category_id else []

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        response["X-Content-Type-Options"] = "nosniff"
        patch_cache_control(response, public=True, max_age=300)
        return response


@require_GET
@xframe_options_exempt
def widget(request, theme_id):
    """The latest public posts of a theme, for an iframe on the organisation's own site. Only the origins the
    organisation lists may frame it (CSP frame-ancestors); anywhere else the browser refuses."""
    theme = _public_theme(theme_id)
    organisation = theme.organisation
    origins = organisation.embed_origin_list() if organisation else []
    context = {
        "theme": theme,
        "organisation": organisation,
        "posts": public_posts(theme, WIDGET_SIZE),
        "base_url": request.build_absolute_uri("/").rstrip("/"),
    }
    response = render(request, "participation/feeds/widget.html", context)
    response._csp_replace = {"frame-ancestors": origins or ["'none'"], "form-action": ["'none'"]}
    patch_cache_control(response, public=True, max_age=300)
    return response
