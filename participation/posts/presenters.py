"""What the posts' pages and the theme page's posts tab show: the listing with its sorts and facets, and the
booleans of who may do what with each post (computed from the policies; the templates only test them).

The tab is rendered through the ``register_theme_tab`` hook (``posts/hooks.py``), so the themes app never imports
this. Everything works with plain links and forms; htmx only makes "meer laden" and stars happen in place.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.links import absolute
from core.tree_cache import tree_version
from participation.access import PostStatus, access_for
from participation.feeds.policies import can_embed
from participation.groups.policies import can_join
from participation.groups.selectors import representable_organisations
from participation.moderation.policies import can_hide, can_keep, can_remove, can_unhide
from participation.posts import selectors
from participation.posts.policies import can_approve, can_post_in, can_refuse, can_star
from themes.models import ThemePage


@dataclass(frozen=True)
class ModerationControls:
    """The buttons a moderator gets on one post or reaction (``moderation/includes/moderation_controls.html``).
    Each is offered only where its policy allows it; where two would do the same (unhide and keep on a hidden
    item), the one that fits is shown."""

    approve: bool = False
    refuse: bool = False
    hide: bool = False
    unhide: bool = False
    keep: bool = False
    remove: bool = False

    @property
    def any(self):
        return self.approve or self.refuse or self.hide or self.unhide or self.keep or self.remove


NO_CONTROLS = ModerationControls()


def moderation_controls(user, item, *, reports=(), access=None):
    """The :class:`ModerationControls` of `user` on the post or reaction `item` with its open `reports`."""
    access = access or access_for(user)
    waiting = item.status == PostStatus.PENDING
    return ModerationControls(
        approve=waiting and bool(can_approve(user, item, access=access)),
        refuse=waiting and bool(can_refuse(user, item, access=access)),
        hide=bool(can_hide(user, item, access=access)),
        unhide=not reports and bool(can_unhide(user, item, access=access)),
        keep=bool(reports) and bool(can_keep(user, item, has_open_reports=True, access=access)),
        remove=(bool(reports) or item.status == PostStatus.HIDDEN) and bool(can_remove(user, item, access=access)),
    )


@dataclass
class FacetOption:
    label: str
    count: int
    url: str
    selected: bool


@dataclass
class FacetGroup:
    key: str
    label: str
    options: list
    clear_url: str | None


def _url(page_url, facets, sort, **override):
    params = {"tab": "berichten"}
    if sort != selectors.DEFAULT_SORT:
        params["sort"] = sort
    params.update(facets.params(**override))
    return f"{page_url}?{urlencode(params)}#tab-panel"


def _facet_groups(page_url, listing, *, categories, filter_groups, organisations):
    facets, sort = listing.facets, listing.sort
    groups = []

    def group(key, label, rows, counts, selected_id, param):
        options = []
        for pk, name in rows:
            count = counts.get(pk, 0)
            selected = pk == selected_id
            if count or selected:
                options.append(
                    FacetOption(
                        label=name,
                        count=count,
                        url=_url(page_url, facets, sort, **{param: None if selected else pk}),
                        selected=selected,
                    )
                )
        clear = _url(page_url, facets, sort, **{param: None}) if selected_id else None
        if options:
            groups.append(FacetGroup(key=key, label=label, options=options, clear_url=clear))

    group(
        "categorie",
        _("Category"),
        [(c.pk, getattr(c, "facet_label", c.name)) for c in categories],
        listing.category_counts,
        facets.category,
        "categorie",
    )
    for filter_group in filter_groups:
        group(
            f"filter-{filter_group.pk}",
            getattr(filter_group, "facet_label", filter_group.name),
            [(o.pk, o.name) for o in filter_group.options.all()],
            listing.option_counts,
            facets.options.get(filter_group.pk),
            f"filter-{filter_group.pk}",
        )
    group(
        "organisatie",
        _("Organisation"),
        [(o.member_organisation.pk, o.member_organisation.name) for o in organisations],
        listing.organisation_counts,
        facets.organisation,
        "organisatie",
    )
    return groups


CARD_SECONDS = 3600


def attach_card_html(posts, *, page, is_theme):
    """Give each post its card's static part (title, labels, byline, excerpt, filters) as `card_html`, from the
    cache when it was rendered before. The key holds all that the part shows: the post's update time (status,
    title, body, filters change it), its author's and organisation's names, the tree version (category and
    filter names) and the language; stars, reactions and the star button are rendered per request."""

    def key(post):
        names = f"{post.author.display_name if post.author_id else ''}|{post.on_behalf_of.name if post.on_behalf_of_id else ''}"
        digest = hashlib.sha256(names.encode()).hexdigest()[:16]
        return (
            f"werkgroepen:card:{post.pk}:{post.updated_at.timestamp()}:{tree_version()}:{get_language()}:"
            f"{page.pk}:{digest}"
        )

    keys = {post.pk: key(post) for post in posts}
    found = cache.get_many(list(keys.values()))
    missing = [post for post in posts if keys[post.pk] not in found]
    if missing:
        prefetch_related_objects(missing, "filter_options")
        rendered = {
            keys[post.pk]: render_to_string(
                "participation/posts/includes/post_card_static.html", {"post": post, "page": page, "is_theme": is_theme}
            )
            for post in missing
        }
        cache.set_many(rendered, timeout=CARD_SECONDS)
        found.update(rendered)
    for post in posts:
        post.card_html = mark_safe(found[keys[post.pk]])  # noqa: S308 - our own template's output


def _prepare(posts, *, user, access, category_names):
    """What the post item template tests on each post of a listing: its category's name, whether `user` may star it
    and the moderation buttons they get in place (issue 4 §1: on what waits or is hidden)."""
    for post in posts:
        post.category_name = category_names.get(post.category_id, post.category.name if post.category else "")
        post.can_star = bool(can_star(user, post, access=access))
        in_place = post.status in (PostStatus.PENDING, PostStatus.HIDDEN)
        post.controls = moderation_controls(user, post, access=access) if in_place else NO_CONTROLS


def listing_context(*, page, request, categories=None, filter_groups=None, organisations=None, facet_counts=True):
    """The context of the posts listing of `page` (a theme or subtheme) for `request`; without the facets
    and their counts when `facet_counts` is false (the "Load more" fragment shows posts only).

    A signed-in person who does not moderate the page gets the listing from :func:`_shared_listing`: the part they
    share with everyone of the same standing is rendered once, their own part is added per request."""
    user = request.user
    access = access_for(user)
    if categories is None:
        categories = page.facet_category_list()
    if filter_groups is None:
        filter_groups = page.facet_filter_group_list()
    if organisations is None:
        organisations = page.participating_organisations_list()
    facets = selectors.parse_facets(
        request.GET,
        filter_groups=filter_groups,
        category_ids=[category.pk for category in categories],
        organisation_ids=[row.member_organisation_id for row in organisations],
    )
    sort = request.GET.get("sort", selectors.DEFAULT_SORT)
    category_names = {c.pk: c.name for c in categories}
    split = selectors.listing_split(page, user, access=access) if user.is_authenticated else None
    personal = _personal_posts(page=page, user=user, split=split, access=access) if split is not None else None
    if personal is not None:
        listing = _shared_listing(
            page=page,
            request=request,
            split=split,
            personal=personal,
            sort=sort,
            facets=facets,
            filter_groups=filter_groups,
            counts=facet_counts,
            access=access,
            category_names=category_names,
        )
    else:
        listing = selectors.page_posts(
            page=page,
            user=user,
            sort=sort,
            facets=facets,
            cursor=request.GET.get("na"),
            filter_groups=filter_groups,
            access=access,
            counts=facet_counts,
        )
        _prepare(listing.posts, user=user, access=access, category_names=category_names)
        for post in listing.posts:
            post.starred = post.pk in listing.starred_ids
        attach_card_html(listing.posts, page=page, is_theme=isinstance(page, ThemePage))
    group = access.pages.get(page.pk)
    theme_id = group.theme_id if group else page.pk
    page_url = page.url  # once: every sort and facet link starts with it
    more_params = {k: v for k, v in request.GET.items() if k not in ("na", "tab")}
    if listing.next_cursor:
        more_params["na"] = listing.next_cursor
    return {
        "page": page,
        "is_theme": isinstance(page, ThemePage),
        "listing": listing,
        "posts": listing.posts,
        "sorts": [
            {"key": key, "label": label, "url": _url(page_url, facets, key), "selected": key == listing.sort}
            for key, (label, _column) in selectors.SORTS.items()
        ],
        "facet_groups": _facet_groups(
            page_url, listing, categories=categories, filter_groups=filter_groups, organisations=organisations
        )
        if facet_counts
        else [],
        "clear_facets_url": _url(page_url, selectors.Facets(), listing.sort) if facets.active else None,
        "more_url": f"{page_url}?{urlencode({'tab': 'berichten', **more_params})}#tab-panel"
        if listing.next_cursor
        else None,
        "more_fragment_url": f"{reverse('participation:posts_fragment', args=[page.pk])}?{urlencode(more_params)}"
        if listing.next_cursor
        else None,
        "first_url": _url(page_url, facets, listing.sort) if request.GET.get("na") else None,
        "is_member": access.is_member(theme_id),
        "is_pending": access.is_pending(theme_id),
        "can_post": bool(can_post_in(user, page, access=access)) if user.is_authenticated else False,
        "theme_id": theme_id,
        "new_post_url": reverse("participation:post_create", args=[page.pk]),
    }


@dataclass(frozen=True)
class ListedItem:
    """A post of a listing whose list item is already rendered (the shared part of :func:`_shared_listing`)."""

    pk: int
    item_html: str


def _csrf_placeholder():
    """What stands for the CSRF token in a list item rendered for many people: replaced by each person's own token
    when it is shown. Derived from the secret key, so no member can write it into a post."""
    return salted_hmac("werkgroepen.posts.csrf-placeholder", "listing").hexdigest()[:32]


SHARED_SECONDS = 600


def _shared_items(*, page, request, split, sort, facets, cursor, access, category_names):
    """The shared part of a listing batch (PERF-01): ``{"rows": [(sort value, pk)], "items": {pk: (item, item
    starred)}}``, kept in the cache for everyone with the same standing on the page (``split.key``) until the
    theme's posts, stars or reactions or the page tree change. Each list item is rendered twice, without and with
    the reader's star; a placeholder stands for the CSRF token. Nothing else in it is personal: the star button
    shows for the whole standing (members who are not blocked), and the posts are published ones, on which nobody
    but a moderator (who never gets this listing) has buttons.

    Returns ``(shared part, starred)``: `starred` is the set of its shown posts the reader starred, asked in the
    same query when the part was just read, else kept beside it per reader (the key changes with every star)."""
    theme_id = access.pages[page.pk].theme_id
    key = (
        f"werkgroepen:shared-posts:{tree_version()}:{selectors.content_version(theme_id)}:"
        f"{selectors.activity_version(theme_id)}:{get_language()}:{page.pk}:"
        + hashlib.sha256(f"{split.key}\n{request.get_full_path()}".encode()).hexdigest()
    )
    starred_key = f"{key}:starred:{request.user.pk}"
    found = cache.get_many([key, starred_key])
    if key in found:
        starred = found.get(starred_key)
        if starred is None:
            shown = found[key]["items"]
            starred = selectors.starred_among(
                request.user, [pk for pk, (plain, with_star) in shown.items() if plain != with_star]
            )
            cache.set(starred_key, starred, timeout=SHARED_SECONDS)
        return found[key], starred
    column = selectors.SORTS[sort][1]
    posts = selectors.listing_batch(
        page=page, condition=split.shared, sort=sort, facets=facets, cursor=cursor, starred_by=request.user
    )
    shown = posts[: settings.PARTICIPATION_PAGE_SIZE]
    _prepare(shown, user=request.user, access=access, category_names=category_names)
    attach_card_html(shown, page=page, is_theme=isinstance(page, ThemePage))
    placeholder = _csrf_placeholder()
    items = {}
    for post in shown:
        variants = []
        for starred in (False, True) if post.can_star else (False,):
            post.starred = starred
            context = {"post": post, "request": request, "csrf_token": placeholder}
            variants.append(render_to_string("participation/posts/includes/post_item.html", context))
        items[post.pk] = (variants[0], variants[-1])
    found = {"rows": [(getattr(post, column), post.pk) for post in posts], "items": items}
    starred = {post.pk for post in shown if post.starred_by_me}
    cache.set_many({key: found, starred_key: starred}, timeout=SHARED_SECONDS)
    return found, starred


def _personal_posts(*, page, user, split, access):
    """The :class:`~participation.posts.selectors.PersonalPosts` of `user` on `page`, kept in the cache per person
    until the theme's posts (their own, the audience of a shielded post), stars or reactions, their standing or the
    page tree change; None when they have too many for the shared listing."""
    theme_id = access.pages[page.pk].theme_id
    key = (
        f"werkgroepen:personal-posts:{tree_version()}:{selectors.content_version(theme_id)}:"
        f"{selectors.activity_version(theme_id)}:{page.pk}:{user.pk}:" + hashlib.sha256(split.key.encode()).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = selectors.personal_posts(page=page, user=user, split=split) or TOO_MANY
        cache.set(key, found, timeout=SHARED_SECONDS)
    return None if found == TOO_MANY else found


TOO_MANY = "too-many"


def _shared_listing(*, page, request, split, personal, sort, facets, filter_groups, counts, access, category_names):
    """The listing of a signed-in person who does not moderate `page`: the shared part from :func:`_shared_items`
    and their :class:`~participation.posts.selectors.PersonalPosts` (waiting, hidden, shielded for them: a few)
    merged in order, then which of the shown posts they starred. A constant handful of queries, and no template
    rendered per shared post."""
    user = request.user
    sort = sort if sort in selectors.SORTS else selectors.DEFAULT_SORT
    cursor = request.GET.get("na")
    shared, starred = _shared_items(
        page=page,
        request=request,
        split=split,
        sort=sort,
        facets=facets,
        cursor=cursor,
        access=access,
        category_names=category_names,
    )
    rows, next_cursor = selectors.merge_batches(
        shared["rows"], personal.batch(sort=sort, facets=facets, cursor=cursor), sort=sort
    )
    own = [post for _value, _pk, post in rows if post is not None]
    _prepare(own, user=user, access=access, category_names=category_names)
    starred = starred | {post.pk for post in own if post.starred_by_me}
    attach_card_html(own, page=page, is_theme=isinstance(page, ThemePage))
    token = get_token(request)
    placeholder = _csrf_placeholder()
    posts = []
    for _value, pk, post in rows:
        if post is None:
            plain, with_star = shared["items"][pk]
            html = with_star if pk in starred else plain
            posts.append(ListedItem(pk=pk, item_html=mark_safe(html.replace(placeholder, token))))  # noqa: S308 - our own template's output
        else:
            post.starred = pk in starred
            posts.append(post)
    category_counts, organisation_counts, option_counts = (
        selectors.listing_counts(
            page=page,
            user=user,
            split=split,
            personal=personal,
            facets=facets,
            filter_groups=filter_groups,
            access=access,
        )
        if counts
        else ({}, {}, {})
    )
    return selectors.Listing(
        posts=posts,
        next_cursor=next_cursor,
        sort=sort,
        facets=facets,
        category_counts=category_counts,
        organisation_counts=organisation_counts,
        option_counts=option_counts,
        starred_ids=starred,
    )


def for_visitors(page, request, name, render):
    """`render()` (HTML of the posts of `page`), kept in the cache for anonymous visitors (most of the traffic)
    until the theme's posts, stars or reactions or the page tree change. What is cached holds nothing personal:
    no form, no CSRF token; every visitor would see the same (PERF-01). Signed-in people get `render()`."""
    if request.user.is_authenticated:
        return render()
    theme_id = access_for(request.user).pages[page.pk].theme_id
    key = (
        f"werkgroepen:{name}:{tree_version()}:{selectors.content_version(theme_id)}:{selectors.activity_version(theme_id)}:"
        f"{get_language()}:{page.pk}:{hashlib.sha256(request.GET.urlencode().encode()).hexdigest()}"
    )
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, timeout=VISITOR_CACHE_SECONDS)
    return html


VISITOR_CACHE_SECONDS = 600


def render_posts_tab(page, request):
    return for_visitors(page, request, "posts-tab", lambda: _render_posts_tab(page, request))


def _render_posts_tab(page, request):
    context = listing_context(page=page, request=request)
    theme = page if isinstance(page, ThemePage) else page.theme
    if request.user.is_authenticated and not context["is_member"] and not context["is_pending"]:
        context["can_join"] = bool(can_join(request.user, theme))
        # The groups room's join form, as data: the organisations this person may join for (groups/views.py parses).
        context["join_organisations"] = list(representable_organisations(user=request.user, page=theme))
    context["theme"] = theme
    context["request"] = request
    if isinstance(page, ThemePage) and not page.hidden:
        # The theme's Atom feed (its public posts) and, for the organisation's admins, the widget's embed code.
        context["feed_url"] = reverse("participation:feed", args=[page.pk])
        if can_embed(request.user, page) and (organisation := page.organisation) is not None:
            context["embed"] = {
                "widget_url": absolute(reverse("participation:widget", args=[page.pk])),
                "script_url": absolute(static("participation/widget-embed.js")),
                "title": _("Latest posts of %(title)s") % {"title": page.title},
                "origins": organisation.embed_origin_list(),
                "settings_url": reverse("wagtailadmin_pages:edit", args=[organisation.pk]),
            }
    return render_to_string("participation/posts/includes/posts_tab.html", context, request=request)
