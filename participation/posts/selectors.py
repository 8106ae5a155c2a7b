"""Reads of posts, reactions and stars that cross a permission boundary; each starts from ``visible_to``.

The theme listing sorts by one of the four orders of seed 000 with keyset pagination ("meer laden"): the
cursor is the sort value and id of the last post shown, so page 500 costs what page 1 costs.
"""

import base64
import binascii
import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Aggregate, CharField, Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.fields.tuple_lookups import Tuple, TupleLessThan
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from config.hooks import SearchHit
from core.tree_cache import tree_version
from participation.access import PostStatus, access_for, shared_post_visibility
from participation.posts.models import Attachment, Post, PostAudience, PostFilterOption, Reaction, Star
from themes.models import ThemePage

# The sorts of seed 000: (query value, label, sort column).
SORTS = {
    "recent": (_("Most recent post"), "sort_at"),
    "reactions": (_("Most reactions"), "reaction_count"),
    "recent-reactions": (_("Recent reactions"), "last_reaction_at"),
    "stars": (_("Most stars"), "star_count"),
}
DEFAULT_SORT = "recent"
DATETIME_COLUMNS = {"sort_at", "last_reaction_at"}
MAX_BIGINT = 2**63 - 1  # cursor numbers beyond a database integer are not ours


@dataclass
class Facets:
    """The facets chosen in the URL: ``categorie``, ``organisatie`` and ``filter-<group id>``."""

    category: int | None = None
    organisation: int | None = None
    options: dict = field(default_factory=dict)  # filter group id -> option id

    def params(self, **override):
        """The query parameters of these facets, with `override` (None removes a facet)."""
        params = {}
        if self.category:
            params["categorie"] = self.category
        if self.organisation:
            params["organisatie"] = self.organisation
        for group_id, option_id in self.options.items():
            params[f"filter-{group_id}"] = option_id
        for key, value in override.items():
            key = key.replace("_", "-")
            if value is None:
                params.pop(key, None)
            else:
                params[key] = value
        return params

    @property
    def active(self):
        return bool(self.category or self.organisation or self.options)


def _positive_int(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


def parse_facets(query, *, filter_groups, category_ids=(), organisation_ids=()):
    """The facets in `query` (request.GET) that exist on this page: a category (`category_ids`), member
    organisation (`organisation_ids`) or filter option (of `filter_groups`) of another page is ignored, as is
    anything else."""
    category = _positive_int(query.get("categorie"))
    organisation = _positive_int(query.get("organisatie"))
    facets = Facets(
        category=category if category in set(category_ids) else None,
        organisation=organisation if organisation in set(organisation_ids) else None,
    )
    for group in filter_groups:
        option = _positive_int(query.get(f"filter-{group.pk}"))
        if option is not None and option in {choice.pk for choice in group.options.all()}:
            facets.options[group.pk] = option
    return facets


def encode_cursor(post, column):
    return _encode(getattr(post, column), post.pk)


def _encode(value, pk):
    if isinstance(value, datetime):
        value = value.isoformat()
    raw = json.dumps([value, pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _cursor_int(value):
    return value if type(value) is int and 0 <= value <= MAX_BIGINT else None


def decode_cursor(text, column):
    """``(value, pk)`` from a cursor, or None when it is not one of ours (a forged or damaged cursor shows the
    first page, never an error)."""
    if not text or len(text) > 200:
        return None
    try:
        value, pk = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
        if column in DATETIME_COLUMNS:
            value = datetime.fromisoformat(value)
            # A naive or out-of-range time (year 1 at +14:00) is not one we wrote.
            value = value.astimezone(UTC) if value.tzinfo is not None else None
        else:
            value = _cursor_int(value)
        pk = _cursor_int(pk)
    except (ValueError, TypeError, OverflowError, binascii.Error, json.JSONDecodeError, UnicodeDecodeError):
        return None
    if value is None or pk is None:
        return None
    return value, pk


def _after(column, cursor):
    """Posts that come after the cursor in ``column DESC, id DESC`` order: ``(column, id) < (value, pk)``.

    PostgreSQL reads that row comparison straight off the sort's index, so page 5,000 costs what page 1
    costs; spelled ``column < value OR (column = value AND id < pk)`` it would step over every post before
    the cursor (88,000 index rows at 100,000 posts: 53 ms instead of 0.04 ms). Backends without row
    comparisons (SQLite) get that OR form from Django, with ``column <= value`` to start the index scan at
    the cursor's value.
    """
    value, pk = cursor
    return Q(**{f"{column}__lte": value}) & Q(TupleLessThan(Tuple(F(column), F("pk")), (value, pk)))


def _order(column):
    return [F(column).desc(), F("pk").desc()]


def _apply_facets(qs, facets, *, skip=None, also_skip=None):
    """`qs` narrowed to `facets`, leaving out the facets `skip` and `also_skip` ("category", "organisation" or
    a filter group id)."""
    skipped = {skip, also_skip}
    if facets.category and "category" not in skipped:
        qs = qs.filter(category_id=facets.category)
    if facets.organisation and "organisation" not in skipped:
        qs = qs.filter(on_behalf_of_id=facets.organisation)
    for group_id, option_id in facets.options.items():
        if group_id not in skipped:
            qs = qs.filter(Exists(PostFilterOption.objects.filter(post_id=OuterRef("pk"), option_id=option_id)))
    return qs


def _facet_counts(base, facets, filter_groups):
    """``(category counts, organisation counts, option counts)`` of the posts in `base`."""
    # Categories and organisations in one grouped query, counted with the filter options applied: each
    # count then applies the other of the two facets in Python (a few rows: categories × organisations).
    category_counts, organisation_counts = {}, {}
    pairs = (
        _apply_facets(base, facets, skip="category", also_skip="organisation")
        .order_by()
        .values_list("category_id", "on_behalf_of_id")
        .annotate(n=Count("pk"))
        .values_list("category_id", "on_behalf_of_id", "n")
    )
    for category_id, organisation_id, n in pairs:
        if facets.organisation is None or organisation_id == facets.organisation:
            category_counts[category_id] = category_counts.get(category_id, 0) + n
        if organisation_id is not None and (facets.category is None or category_id == facets.category):
            organisation_counts[organisation_id] = organisation_counts.get(organisation_id, 0) + n
    option_counts = {}
    # One query for the groups without a choice; one more per group with a choice (counted without it).
    chosen_groups = [group for group in filter_groups if group.pk in facets.options]
    free_groups = [group for group in filter_groups if group.pk not in facets.options]
    for groups, skip in [(free_groups, None)] + [([group], group.pk) for group in chosen_groups]:
        option_ids = [option.pk for group in groups for option in group.options.all()]
        if not option_ids:
            continue
        posts_here = _apply_facets(base, facets, skip=skip).values("pk")
        option_counts.update(
            PostFilterOption.objects.filter(option_id__in=option_ids, post_id__in=posts_here)
            .order_by()
            .values_list("option_id")
            .annotate(n=Count("post_id"))
            .values_list("option_id", "n")
        )
    return category_counts, organisation_counts, option_counts


def _cached_facet_counts(page, user, access, base, facets, filter_groups, *, split=None):
    """The facet counts, kept in the cache until a post of the theme or the page tree changes.

    Counting reads every visible post of a theme (100,000 in the benchmark); the answer only changes when a post
    is written (``content_version``) or the tree changes (hidden pages: the tree version). With `split` (a
    :class:`participation.access.SharedVisibility`) only its shared part is counted, once for everyone with the
    same standing (all visitors; all members of the theme); the callers add the person's own part. Without it
    (superusers, moderators of the page) who counts is part of the key, with their membership and moderation of
    this theme, so that joining or a new role shows at once.
    """
    group = access.pages.get(page.pk)
    theme_id = group.theme_id if group else page.pk
    chosen = ",".join(f"{key}={value}" for key, value in sorted(facets.params().items()))
    chosen = hashlib.sha256(chosen.encode()).hexdigest()
    prefix = f"werkgroepen:facets:{tree_version()}:{content_version(theme_id)}:{page.pk}"

    def counted(viewer, posts):
        key = f"{prefix}:{viewer}:{chosen}"
        found = cache.get(key)
        if found is None:
            found = _facet_counts(posts(), facets, filter_groups)
            cache.set(key, found, timeout=FACET_CACHE_SECONDS)
        return found

    if split is not None:
        viewer = hashlib.sha256(split.key.encode()).hexdigest()
        return counted(f"shared-{viewer}", lambda: _scoped(Post.objects.filter(split.shared), page))
    if user.is_authenticated:
        # When they joined at once (an open group) decides which members' posts count for them.
        since = access.joined_at_once_since.get(theme_id)
        viewer = (
            f"u{user.pk}-{int(access.is_member(theme_id))}-{int(access.moderates(page.pk))}-{int(access.is_superuser)}"
            f"-{since.timestamp() if since else 0}"
        )
    else:
        viewer = "anonymous"
    return counted(viewer, lambda: base)


def _add_counts(first, second):
    if not second:
        return first
    total = dict(first)
    for key, n in second.items():
        total[key] = total.get(key, 0) + n
    return total


FACET_CACHE_SECONDS = 600


def _content_key(theme_id):
    return f"werkgroepen:theme-content:{theme_id}"


def content_version(theme_id):
    """The version of a theme's posts: a new one starts whenever a post of the theme is saved or deleted."""
    version = cache.get(_content_key(theme_id))
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(_content_key(theme_id), version, timeout=None):
            version = cache.get(_content_key(theme_id)) or version
    return version


def new_content_version(theme_id):
    cache.set(_content_key(theme_id), uuid.uuid4().hex, timeout=None)


def activity_version(theme_id):
    """The version of a theme's stars and reactions (the counters the listing shows and sorts by)."""
    key = f"werkgroepen:theme-activity:{theme_id}"
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(key, version, timeout=None):
            version = cache.get(key) or version
    return version


def activity_changed(theme_id):
    """Stars or reactions of the theme changed: a new activity version now and again after commit."""

    def bump():
        cache.set(f"werkgroepen:theme-activity:{theme_id}", uuid.uuid4().hex, timeout=None)

    bump()
    transaction.on_commit(bump)


@dataclass
class Listing:
    posts: list
    next_cursor: str | None
    sort: str
    facets: Facets
    category_counts: dict
    organisation_counts: dict
    option_counts: dict
    starred_ids: set


def _scoped(qs, page):
    """`qs` narrowed to the posts listed on `page`: a theme lists its subthemes' posts too."""
    return qs.filter(theme_id=page.pk) if isinstance(page, ThemePage) else qs.filter(page_id=page.pk)


def listing_split(page, user, access=None):
    """The :class:`participation.access.SharedVisibility` of `user` on the listing of `page` (a theme with its
    subthemes, or a subtheme): the posts they share with everyone of the same standing, and theirs alone. None
    for superusers and the page's moderators (their listing is their own)."""
    access = access or access_for(user)
    group = access.pages.get(page.pk)
    if group is None:
        return None
    if isinstance(page, ThemePage):
        page_ids = [pk for pk, other in access.pages.items() if other.theme_id == group.theme_id]
    else:
        page_ids = [page.pk]
    return shared_post_visibility(
        user,
        page_ids=page_ids,
        theme_id=group.theme_id,
        audience=PostAudience.objects,
        posts=Post.objects,
        access=access,
    )


def listing_batch(*, page, condition, sort=DEFAULT_SORT, facets=None, cursor=None, limit=None, starred_by=None):
    """One batch of the listing of `page`: up to ``limit + 1`` posts matching `condition` (the shared part of
    :func:`listing_split`, which already holds who may see them), sorted, filtered by `facets`, from `cursor` on,
    with their authors, categories, organisations and pages; with `starred_by` (a signed-in person) each post says
    whether they starred it (``starred_by_me``), in the same query."""
    facets = facets or Facets()
    limit = limit or settings.PARTICIPATION_PAGE_SIZE
    sort = sort if sort in SORTS else DEFAULT_SORT
    column = SORTS[sort][1]
    listed = _apply_facets(_scoped(Post.objects.filter(condition), page), facets)
    decoded = decode_cursor(cursor, column) if cursor else None
    if decoded is not None:
        listed = listed.filter(_after(column, decoded))
    listed = listed.select_related("author", "category", "on_behalf_of", "page")
    if starred_by is not None:
        listed = listed.annotate(**_starred(starred_by))
    return list(listed.order_by(*_order(column))[: limit + 1])


def _starred(user):
    return {"starred_by_me": Exists(Star.objects.filter(post_id=OuterRef("pk"), user_id=user.pk))}


class _IdList(Aggregate):
    """The ids of a group as one text, comma-separated (GROUP_CONCAT; PostgreSQL's STRING_AGG)."""

    function = "GROUP_CONCAT"
    output_field = CharField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler, connection, function="STRING_AGG", template="%(function)s(%(expressions)s::text, ',')"
        )


# More posts of one person's own in one listing than this (waiting, hidden, refused, withdrawn or shielded for them)
# and the listing is read as a moderator's is, without the shared part: the personal part is handled in memory.
PERSONAL_MAX = 500


@dataclass
class PersonalPosts:
    """The posts of a listing that only this person sees (:func:`listing_split`): every one of them in the page,
    with their filter options (``option_ids``) and whether they starred each, read in one query."""

    posts: list

    def matching(self, facets, *, skip=None, also_skip=None):
        """The posts that `facets` let through, leaving out the facets `skip` and `also_skip` (as
        :func:`_apply_facets`)."""
        skipped = {skip, also_skip}
        found = []
        for post in self.posts:
            if facets.category and "category" not in skipped and post.category_id != facets.category:
                continue
            if facets.organisation and "organisation" not in skipped and post.on_behalf_of_id != facets.organisation:
                continue
            if any(
                option_id not in post.option_ids
                for group_id, option_id in facets.options.items()
                if group_id not in skipped
            ):
                continue
            found.append(post)
        return found

    def batch(self, *, sort, facets, cursor, limit=None):
        """Up to ``limit + 1`` of them, as :func:`listing_batch` would list them."""
        limit = limit or settings.PARTICIPATION_PAGE_SIZE
        column = SORTS[sort if sort in SORTS else DEFAULT_SORT][1]
        posts = self.matching(facets)
        decoded = decode_cursor(cursor, column) if cursor else None
        if decoded is not None:
            posts = [post for post in posts if (getattr(post, column), post.pk) < decoded]
        posts.sort(key=lambda post: (getattr(post, column), post.pk), reverse=True)
        return posts[: limit + 1]

    def counts(self, facets, filter_groups):
        """Their facet counts, counted as :func:`_facet_counts` counts."""
        category_counts, organisation_counts, option_counts = {}, {}, {}
        for post in self.matching(facets, skip="category", also_skip="organisation"):
            if facets.organisation is None or post.on_behalf_of_id == facets.organisation:
                category_counts[post.category_id] = category_counts.get(post.category_id, 0) + 1
            if post.on_behalf_of_id is not None and (facets.category is None or post.category_id == facets.category):
                organisation_counts[post.on_behalf_of_id] = organisation_counts.get(post.on_behalf_of_id, 0) + 1
        chosen_groups = [group for group in filter_groups if group.pk in facets.options]
        free_groups = [group for group in filter_groups if group.pk not in facets.options]
        for groups, skip in [(free_groups, None)] + [([group], group.pk) for group in chosen_groups]:
            option_ids = {option.pk for group in groups for option in group.options.all()}
            for post in self.matching(facets, skip=skip) if option_ids else ():
                for option_id in post.option_ids & option_ids:
                    option_counts[option_id] = option_counts.get(option_id, 0) + 1
        return category_counts, organisation_counts, option_counts


def personal_posts(*, page, user, split):
    """The :class:`PersonalPosts` of `user` on `page` (`split` from :func:`listing_split`), or None when they
    have more than :data:`PERSONAL_MAX` of them. Found through the ids of their own posts and of the posts shielded
    for them, so the query never walks the theme's posts."""
    if not split.has_personal:
        return PersonalPosts(posts=[])
    condition, ids = split.personal()
    options = (
        PostFilterOption.objects.filter(post_id=OuterRef("pk"))
        .order_by()
        .values("post_id")
        .annotate(ids=_IdList("option_id"))
        .values("ids")
    )
    posts = list(
        _scoped(Post.objects.filter(condition, pk__in=ids), page)
        .select_related("author", "category", "on_behalf_of", "page")
        .annotate(option_id_list=Subquery(options), **_starred(user))[: PERSONAL_MAX + 1]
    )
    if len(posts) > PERSONAL_MAX:
        return None
    for post in posts:
        post.option_ids = {int(pk) for pk in (post.option_id_list or "").split(",") if pk}
    return PersonalPosts(posts=posts)


def merge_batches(shared, personal, *, sort, limit=None):
    """The first `limit` of two batches (each up to ``limit + 1``, sorted; `shared` as ``(sort value, pk)`` pairs,
    `personal` as posts), in the listing's order, and the cursor after them (None on the last batch). Returns
    ``([(value, pk, post or None)], next cursor)``."""
    limit = limit or settings.PARTICIPATION_PAGE_SIZE
    column = SORTS[sort if sort in SORTS else DEFAULT_SORT][1]
    rows = [(value, pk, None) for value, pk in shared] + [(getattr(post, column), post.pk, post) for post in personal]
    rows.sort(key=lambda row: (row[0], row[1]), reverse=True)
    next_cursor = None
    if len(rows) > limit:
        value, pk, _post = rows[limit - 1]
        next_cursor = _encode(value, pk)
    return rows[:limit], next_cursor


def starred_among(user, post_ids):
    """Which of `post_ids` `user` starred (a set; one query, none without ids)."""
    if not user.is_authenticated or not post_ids:
        return set()
    return set(Star.objects.filter(user_id=user.pk, post_id__in=post_ids).values_list("post_id", flat=True))


def listing_counts(*, page, user, split, personal, facets, filter_groups, access=None):
    """The number of posts per category, organisation and filter option on `page` for `user` (see
    :func:`page_posts`): the shared part's from the cache (counted once for everyone of the same standing), plus
    their :class:`PersonalPosts`\' counted in memory."""
    access = access or access_for(user)
    shared = _cached_facet_counts(page, user, access, None, facets, filter_groups, split=split)
    own = personal.counts(facets, filter_groups)
    return tuple(_add_counts(a, b) for a, b in zip(shared, own, strict=True))


def page_posts(
    *,
    page,
    user,
    sort=DEFAULT_SORT,
    facets=None,
    cursor=None,
    filter_groups=(),
    limit=None,
    access=None,
    counts=True,
):
    """The posts of a theme (with its subthemes) or of a subtheme that `user` may see, sorted, filtered by
    `facets`, one batch from `cursor` on; with the number of posts per facet option unless `counts` is false
    (the "Load more" fragment shows no facets, and counting reads every post of the theme).

    Facet counts for one facet are counted with every other facet applied, so each number says how many
    posts the visitor gets by choosing that option.
    """
    access = access or access_for(user)
    facets = facets or Facets()
    limit = limit or settings.PARTICIPATION_PAGE_SIZE
    sort = sort if sort in SORTS else DEFAULT_SORT
    column = SORTS[sort][1]
    base = _scoped(Post.objects.visible_to(user, access=access), page)

    listed = _apply_facets(base, facets)
    decoded = decode_cursor(cursor, column) if cursor else None
    if decoded is not None:
        listed = listed.filter(_after(column, decoded))
    # Filter options are read only for cards not in the card cache (presenters.attach_card_html).
    listed = listed.select_related("author", "category", "on_behalf_of", "page")
    if user.is_authenticated:  # whether the visitor starred each post, in the same query
        listed = listed.annotate(starred_by_me=Exists(Star.objects.filter(post_id=OuterRef("pk"), user_id=user.pk)))
    posts = list(listed.order_by(*_order(column))[: limit + 1])
    next_cursor = encode_cursor(posts[limit - 1], column) if len(posts) > limit else None
    posts = posts[:limit]

    # Visitors all share one count; a signed-in person's own posts would be missing from the shared part, so here
    # they are counted per person (the presenters add their own part to the shared count: listing_counts).
    split = listing_split(page, user, access=access) if not user.is_authenticated else None
    category_counts, organisation_counts, option_counts = (
        _cached_facet_counts(page, user, access, base, facets, filter_groups, split=split) if counts else ({}, {}, {})
    )
    starred_ids = {post.pk for post in posts if getattr(post, "starred_by_me", False)}
    return Listing(
        posts=posts,
        next_cursor=next_cursor,
        sort=sort,
        facets=facets,
        category_counts=category_counts,
        organisation_counts=organisation_counts,
        option_counts=option_counts,
        starred_ids=starred_ids,
    )


def post_for(user, pk):
    """The post `pk` if `user` may see it, else None (missing and invisible are the same)."""
    return (
        Post.objects.visible_to(user)
        .filter(pk=pk)
        .select_related("author", "category", "on_behalf_of", "page", "theme")
        .prefetch_related("filter_options__group")
        .first()
    )


def reaction_for(user, pk):
    """The reaction `pk` (with its post) if `user` may see it, else None."""
    return Reaction.objects.visible_to(user).filter(pk=pk).select_related("post").first()


def attachment_for(user, pk):
    """The attachment `pk` if `user` sees the post or reaction it belongs to (SEC-06, SEC-07), else None."""
    return Attachment.objects.visible_to(user).filter(pk=pk).first()


def reactions_for(user, post):
    return list(
        Reaction.objects.visible_to(user)
        .filter(post=post)
        .select_related("author", "on_behalf_of")
        .prefetch_related("attachments")
        .order_by("created_at", "pk")
    )


def user_posts(*, user, cursor=None, limit=None):
    """'Mijn berichten': the posts `user` wrote, newest first, every status."""
    limit = limit or settings.PARTICIPATION_PAGE_SIZE
    qs = Post.objects.visible_to(user).filter(author=user)
    decoded = decode_cursor(cursor, "sort_at") if cursor else None
    if decoded is not None:
        qs = qs.filter(_after("sort_at", decoded))
    posts = list(qs.select_related("category", "page", "theme").order_by(*_order("sort_at"))[: limit + 1])
    next_cursor = encode_cursor(posts[limit - 1], "sort_at") if len(posts) > limit else None
    return posts[:limit], next_cursor


def user_stars(*, user, cursor=None, limit=None):
    """'Mijn sterren': the posts `user` starred and may still see, most recently starred first."""
    limit = limit or settings.PARTICIPATION_PAGE_SIZE
    stars = Star.objects.filter(user=user, post__in=Post.objects.visible_to(user).values("pk"))
    if cursor:
        try:
            star_pk = int(cursor)
        except ValueError:
            star_pk = None
        if star_pk:
            stars = stars.filter(pk__lt=star_pk)
    rows = list(stars.select_related("post__category", "post__page", "post__author").order_by("-pk")[: limit + 1])
    next_cursor = str(rows[limit - 1].pk) if len(rows) > limit else None
    return [row.post for row in rows[:limit]], next_cursor


def counters_drift():
    """Posts whose counters disagree with their rows (for the consistency check, REL-10)."""
    stars = Count("stars", distinct=True)
    reactions = Count("reactions", filter=Q(reactions__status=PostStatus.PUBLISHED), distinct=True)
    return (
        Post.objects.annotate(real_stars=stars, real_reactions=reactions)
        .exclude(star_count=F("real_stars"), reaction_count=F("real_reactions"))
        .values_list("pk", flat=True)
    )


def search(query, user, limit):
    """Site search: posts and then reactions matching `query`, narrowed in the database to what `user` may see, as
    :class:`config.hooks.SearchHit` (the search provider of ``posts/hooks.py``)."""
    hits = []
    posts = Post.objects.filter(pk__in=Post.objects.visible_to(user).values("pk")).select_related("page")
    for post in posts.search(query)[:limit]:
        hits.append(
            SearchHit(
                title=post.title,
                url=post.get_absolute_url(),
                kind=str(_("Post")),
                excerpt=Truncator(strip_tags(post.body)).words(30),
            )
        )
    reactions = Reaction.objects.filter(pk__in=Reaction.objects.visible_to(user).values("pk")).select_related("post")
    for reaction in reactions.search(query)[: max(limit - len(hits), 0)]:
        hits.append(
            SearchHit(
                title=reaction.post.title,
                url=reaction.get_absolute_url(),
                kind=str(_("Reaction")),
                excerpt=Truncator(strip_tags(reaction.body)).words(30),
            )
        )
    return hits


def post_changed(sender, instance, **kwargs):
    """Signal receiver (connected in ``ParticipationConfig.ready``): a post, its filters or its audience changed, so
    its theme's cached facet counts are stale. A new version starts at once and again after commit, so a reader
    between the two cannot keep a count of the old rows. Pure cache invalidation, no business logic."""
    theme_id = (
        instance.theme_id
        if isinstance(instance, Post)
        else Post.objects.filter(pk=instance.post_id).values_list("theme_id", flat=True).first()
    )
    if theme_id is None:
        return
    new_content_version(theme_id)
    transaction.on_commit(lambda: new_content_version(theme_id))
