"""Who sees what in the working groups: the one definition (BRIEF.md, the working-group table).

Every ``visible_to(user)`` of this app (posts, reactions, attachments, memberships) is built here and nowhere
else. The rules:

* A post lives in a theme or a subtheme page; nobody but a superadmin sees posts of a page they may not see
  (hidden or unpublished: :func:`core.pages.selectors.visible_pages`).
* Published, unshielded posts of the public section of an open or mixed (sub)theme: everyone.
* Published, unshielded posts of the members' section (and every post of a closed (sub)theme): approved
  members of the theme. Joining a theme covers its subthemes.
* A post keeps the readers it was written for when its group changes type: its ``section`` says whether it was
  written for everyone or for the members, ``theme_type_at_writing`` whether those members were admitted by a
  moderator (a closed or mixed theme). Such a members' post is not for a person who joined at once after the
  theme became open (``Membership.joined_at_once``) and after the post was written. A public post of a group that
  became closed is for members only (the current type narrows, it never widens).
* Published shielded posts ("post afschermen"): the approved members the author picked.
* Waiting (pending) and hidden posts: their author and the moderators of the page.
* Rejected and withdrawn posts: their author only.
* Superadmins see every post that is not rejected or withdrawn; moderators (and organisation admins) see
  every post of the pages below their role that is not rejected or withdrawn.

Reactions follow their post (a reaction is seen only by who sees its post) with the same status rules;
attachments follow the post or reaction they belong to.

This module is the bottom of the app: the rooms' models import it (their querysets' ``visible_to`` call the
conditions below), so it imports no model module itself. It reads memberships and blocks through the user's
reverse relations, and takes the one model a condition needs (a post's audience) from the queryset that asks.
The statuses and sections the rules speak of are defined here for the same reason; the models use them for their
fields and re-export them.

Acting is the rooms' ``policies.py``; they answer with a :class:`Verdict`, and the services raise
:class:`NotAllowed` (a ``PermissionDenied`` with a message for the person) for what a policy refuses.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import BooleanField, DateTimeField, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from core.models import Role
from core.pages.selectors import path_visible_to
from core.request_cache import memoise
from core.roles.selectors import user_roles
from core.tree_cache import cached

MODERATING_ROLES = (Role.MODERATOR, Role.ORGANISATION_ADMIN)
CLOSED = "closed"
# Theme types whose members a moderator admits (an open theme lets anyone in at once).
ADMITTED_MEMBERSHIP = ("closed", "mixed")


class MembershipStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Member")
    REJECTED = "rejected", _("Rejected")
    LEFT = "left", pgettext_lazy("membership status", "Left the working group")


class PostStatus(models.TextChoices):
    """The status of a post or a reaction."""

    PENDING = "pending", _("Waiting for approval")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    HIDDEN = "hidden", _("Hidden by a moderator")


class Section(models.TextChoices):
    PUBLIC = "public", _("Public section")
    MEMBERS = "members", _("Members' section")


# --- Acting: what a policy answers, and the refusal a service raises ----------------------------------------


class NotAllowed(PermissionDenied):
    """The actor may not do this; ``str(error)`` is a message for them."""


@dataclass(frozen=True)
class Verdict:
    """A policy's answer (the rooms' ``policies.py``): true when the person may act, else false with the reason
    to show them. ``state`` marks a refusal because of the item (already decided, not published …) rather than
    because of who asks: the services raise ``ValidationError`` for those and :class:`NotAllowed` for the others,
    as they always did."""

    allowed: bool
    reason: str = ""
    state: bool = False

    def __bool__(self):
        return self.allowed

    def enforce(self):
        """Raise what a service raises when this verdict refuses; nothing when it allows."""
        if self.allowed:
            return
        if self.state:
            raise ValidationError(self.reason)
        raise NotAllowed(self.reason)


ALLOWED = Verdict(True)


def refused(reason, *, state=False):
    """A refusing :class:`Verdict` with `reason` (translated now, in the language of the request)."""
    return Verdict(False, str(reason), state=state)


@dataclass(frozen=True)
class WorkingGroupPage:
    pk: int
    path: str
    theme_id: int  # the theme itself, or a subtheme's theme
    group_type: str  # effective: a subtheme inherits its theme's type unless it overrides it
    visible: bool


@dataclass
class Access:
    """What one person may see of the working groups, read once per request."""

    user: object
    is_superuser: bool = False
    pages: dict = field(default_factory=dict)  # pk -> WorkingGroupPage
    member_theme_ids: frozenset = frozenset()
    pending_theme_ids: frozenset = frozenset()
    moderated_page_ids: frozenset = frozenset()
    blocked_theme_ids: frozenset = frozenset()  # themes where a moderator blocked this person (participation.Block)
    # theme id -> when this person joined it at once (open group, no moderator): members' posts older than that are
    # not for them.
    joined_at_once_since: dict = field(default_factory=dict)

    @property
    def authenticated(self):
        return bool(self.user.is_authenticated)

    @property
    def invisible_page_ids(self):
        return [page.pk for page in self.pages.values() if not page.visible]

    @property
    def public_page_ids(self):
        """Pages whose public section anyone may read: visible and not closed."""
        return [page.pk for page in self.pages.values() if page.visible and page.group_type != CLOSED]

    def is_member(self, theme_id):
        return theme_id in self.member_theme_ids

    def is_blocked(self, theme_id):
        return theme_id in self.blocked_theme_ids

    def may_contribute(self, theme_id):
        """Approved member and not blocked: may post, react, star and report in the theme."""
        return self.is_member(theme_id) and not self.is_blocked(theme_id)

    def is_pending(self, theme_id):
        return theme_id in self.pending_theme_ids

    def moderates(self, page_id):
        return self.is_superuser or page_id in self.moderated_page_ids

    def moderates_theme(self, theme_id):
        return self.moderates(theme_id)

    def page_visible(self, page_id):
        page = self.pages.get(page_id)
        return self.is_superuser or (page is not None and page.visible)


def _working_group_rows():
    """Every theme and subtheme: pk, path, depth, live, theme type, subtheme type (kept in the tree cache)."""
    return cached(
        "working-group-pages",
        lambda: list(
            Page.objects.filter(Q(themepage__isnull=False) | Q(subthemepage__isnull=False))
            .values_list("pk", "path", "depth", "live", "themepage__group_type", "subthemepage__group_type")
            .order_by("path")
        ),
    )


def _working_group_pages(user):
    """Every theme and subtheme with its effective type and whether `user` may see it."""
    rows = _working_group_rows()
    themes_by_path = {}
    pages = {}
    for pk, path, _depth, live, theme_type, subtheme_type in rows:
        visible = bool(live) and path_visible_to(path, user)
        if theme_type is not None:
            themes_by_path[path] = (pk, theme_type)
            pages[pk] = WorkingGroupPage(pk=pk, path=path, theme_id=pk, group_type=theme_type, visible=visible)
        else:
            parent = themes_by_path.get(path[: -Page.steplen])
            if parent is None:
                continue  # a subtheme outside a theme cannot exist (page tree rules); ignore it defensively
            parent_pk, parent_type = parent
            pages[pk] = WorkingGroupPage(
                pk=pk,
                path=path,
                theme_id=parent_pk,
                group_type=subtheme_type or parent_type,
                visible=visible and pages[parent_pk].visible,
            )
    return pages


def access_for(user):
    """The :class:`Access` of `user` (memoised for the request)."""
    key = ("participation:access", user.pk if user.is_authenticated else None)
    return memoise(key, lambda: _compute_access(user))


def _compute_access(user):
    access = Access(user=user, is_superuser=bool(user.is_authenticated and user.is_superuser))
    access.pages = _working_group_pages(user)
    if not user.is_authenticated:
        return access
    member, pending, blocked, at_once = set(), set(), set(), {}
    # One query for memberships and blocks (a block without a membership still counts).
    # Through the user's reverse relations (groups.Membership, moderation.Block): no model import (module docstring).
    memberships = user.memberships.filter(status__in=[MembershipStatus.APPROVED, MembershipStatus.PENDING]).values_list(
        "theme_id", "status", "joined_at_once", Coalesce("decided_at", "created_at")
    )
    blocks = (
        user.theme_blocks.all()
        .annotate(
            status=Value("blocked"),
            at_once=Value(False, output_field=BooleanField()),
            since=Value(None, output_field=DateTimeField()),
        )
        .values_list("theme_id", "status", "at_once", "since")
    )
    for theme_id, status, joined_at_once, since in memberships.union(blocks, all=True):
        if status == "blocked":
            blocked.add(theme_id)
        else:
            (member if status == MembershipStatus.APPROVED else pending).add(theme_id)
            if status == MembershipStatus.APPROVED and joined_at_once:
                at_once[theme_id] = since
    access.member_theme_ids = frozenset(member)
    access.joined_at_once_since = at_once
    access.pending_theme_ids = frozenset(pending)
    access.blocked_theme_ids = frozenset(blocked)
    role_paths = [path for role, path in user_roles(user) if role in MODERATING_ROLES]
    access.moderated_page_ids = frozenset(
        page.pk for page in access.pages.values() if any(page.path.startswith(path) for path in role_paths)
    )
    return access


def _visible_pages_q(access, field_name):
    invisible = access.invisible_page_ids
    return ~Q(**{f"{field_name}__in": invisible}) if invisible else Q()


def _field_namer(prefix):
    return (lambda name: f"{prefix}{name}") if prefix else (lambda name: name)


def _public_posts(access, f):
    """Published, unshielded posts of the public section of a page anyone may read."""
    return Q(
        **{
            f("status"): PostStatus.PUBLISHED,
            f("shielded"): False,
            f("section"): Section.PUBLIC,
            f("page_id__in"): access.public_page_ids,
        }
    )


def _members_posts(access, f, visible_page):
    """Published posts of the themes `access` is a member of (shielded or not), minus the members' posts written
    for moderator-admitted members before this person joined at once."""
    members = Q(**{f("status"): PostStatus.PUBLISHED, f("theme_id__in"): access.member_theme_ids}) & visible_page
    for theme_id, since in access.joined_at_once_since.items():
        members &= ~Q(
            **{
                f("theme_id"): theme_id,
                f("section"): Section.MEMBERS,
                f("theme_type_at_writing__in"): ADMITTED_MEMBERSHIP,
                f("created_at__lt"): since,
            }
        )
    return members


def _picked(user, audience, f):
    """Shielded posts whose author picked `user` as a reader."""
    return Exists(audience.filter(post_id=OuterRef(f("pk")), user_id=user.pk))


def post_visibility(user, *, audience, access=None, prefix=""):
    """The condition on posts (``prefix`` "post__" to use it from a related model) that `user` may see.
    `audience` is the manager of the shielded posts' readers (``PostAudience.objects``)."""
    access = access or access_for(user)
    f = _field_namer(prefix)
    never = Q(**{f("status__in"): [PostStatus.REJECTED, PostStatus.WITHDRAWN]})
    if access.is_superuser:
        return ~never | Q(**{f("author"): user})
    public = _public_posts(access, f)
    if not access.authenticated:
        return public
    condition = public
    visible_page = _visible_pages_q(access, f("page_id"))
    if access.member_theme_ids:
        members = _members_posts(access, f, visible_page)
        condition |= members & (Q(**{f("shielded"): False}) | _picked(user, audience, f))
    if access.moderated_page_ids:
        condition |= Q(**{f("page_id__in"): access.moderated_page_ids}) & ~never & visible_page
    condition |= Q(**{f("author_id"): user.pk}) & visible_page
    return condition


@dataclass(frozen=True)
class SharedVisibility:
    """:func:`post_visibility` within one listing's pages, split in what `user` shares with everyone of the same
    standing and what is theirs alone (see :func:`shared_post_visibility`)."""

    key: str  # the same for everyone for whom `shared` is the same condition within these pages
    shared: Q  # public posts, and for members the members' unshielded posts
    may_contribute: bool  # an approved member of the listing's theme who is not blocked there
    # Builds the personal part when asked (a cache usually answers before): None for a visitor, who has none.
    personal_part: object = field(default=None, repr=False, compare=False)

    @property
    def has_personal(self):
        return self.personal_part is not None

    def personal(self):
        """``(condition, ids)``: the posts beyond `shared` that only this person sees (their own posts and the
        shielded posts picked for them, never one of `shared`), and a subquery of ids that holds every one of them
        (an index-friendly start: the posts they wrote and those picked for them)."""
        return self.personal_part()


def shared_post_visibility(user, *, page_ids, theme_id, audience, posts, access=None):
    """:func:`post_visibility` of `user` for the posts of the pages `page_ids` (a theme with its subthemes, or one
    subtheme, of theme `theme_id`), split so that a listing can be shared between readers (PERF-01): ``shared``
    is what everyone with the same ``key`` sees there (visitors: the public posts; members: also the members'
    unshielded posts); ``personal()`` is what this person sees beyond it (their own waiting, hidden, rejected or
    withdrawn posts and the shielded posts picked for them), never overlapping ``shared``. Within those pages
    ``shared | personal`` is exactly :func:`post_visibility`, given that a post's theme is its page's theme (the
    post services set it so).

    None for whom no split helps: superusers and moderators of one of these pages see nearly everything there.
    `posts` is the posts' manager (for the ids of their own posts), `audience` the shielded posts' readers'.
    """
    access = access or access_for(user)
    page_ids = frozenset(page_ids)
    if access.is_superuser or page_ids & access.moderated_page_ids:
        return None
    f = _field_namer("")
    # Only the inputs that matter within these pages go into the condition and the key: a reader with the same
    # public, visible and member pages here gets the same posts, whatever else they may see elsewhere.
    public_here = sorted(page_ids.intersection(access.public_page_ids))
    invisible_here = sorted(page_ids.intersection(access.invisible_page_ids))
    member = access.authenticated and access.is_member(theme_id)
    since = access.joined_at_once_since.get(theme_id) if member else None
    may_contribute = bool(access.authenticated and access.may_contribute(theme_id))
    shared = Q(
        **{
            f("status"): PostStatus.PUBLISHED,
            f("shielded"): False,
            f("section"): Section.PUBLIC,
            f("page_id__in"): public_here,
        }
    )
    members = None
    if member:
        visible_page = ~Q(page_id__in=invisible_here) if invisible_here else Q()
        members = Q(status=PostStatus.PUBLISHED, theme_id=theme_id) & visible_page
        if since is not None:
            members &= ~Q(
                theme_id=theme_id,
                section=Section.MEMBERS,
                theme_type_at_writing__in=ADMITTED_MEMBERSHIP,
                created_at__lt=since,
            )
        shared |= members & Q(shielded=False)
    key = "|".join(
        [
            ",".join(map(str, public_here)),
            ",".join(map(str, invisible_here)),
            f"m{int(member)}",
            f"s{since.timestamp() if since else ''}",
            f"c{int(may_contribute)}",
        ]
    )
    if not access.authenticated:
        return SharedVisibility(key=key, shared=shared, may_contribute=False)

    def personal_part():
        visible_page = ~Q(page_id__in=invisible_here) if invisible_here else Q()
        personal = Q(author_id=user.pk) & visible_page
        ids = posts.filter(author_id=user.pk).values("pk")
        if members is not None:
            personal |= members & _picked(user, audience, f)
            ids = ids.union(audience.filter(user_id=user.pk).values("post_id"), all=True)
        return personal & ~shared, ids

    return SharedVisibility(key=key, shared=shared, may_contribute=may_contribute, personal_part=personal_part)


def post_condition_is_public(post, access):
    """Whether anyone at all may read `post` (used to label what is public to its author and moderators)."""
    page = access.pages.get(post.page_id)
    return (
        post.status == PostStatus.PUBLISHED
        and not post.shielded
        and post.section == Section.PUBLIC
        and page is not None
        and page.group_type != CLOSED
    )


def reaction_visibility(user, *, audience, access=None, prefix=""):
    """Reactions of posts `user` sees; published ones, their own, and for moderators the waiting and hidden."""
    access = access or access_for(user)
    f = (lambda name: f"{prefix}{name}") if prefix else (lambda name: name)
    condition = post_visibility(user, audience=audience, access=access, prefix=f("post__"))
    allowed = Q(**{f("status"): PostStatus.PUBLISHED})
    if access.authenticated:
        allowed |= Q(**{f("author_id"): user.pk})
        never = Q(**{f("status__in"): [PostStatus.REJECTED, PostStatus.WITHDRAWN]})
        if access.is_superuser:
            allowed |= ~never
        elif access.moderated_page_ids:
            allowed |= Q(**{f("post__page_id__in"): access.moderated_page_ids}) & ~never
    return condition & allowed


def attachment_visibility(user, *, posts, reactions, audience, access=None):
    """Attachments of the posts and reactions `user` sees (`posts` and `reactions`: the two models' managers)."""
    access = access or access_for(user)
    posts = posts.filter(post_visibility(user, audience=audience, access=access)).values("pk")
    reactions = reactions.filter(reaction_visibility(user, audience=audience, access=access)).values("pk")
    return Q(post_id__in=posts) | Q(reaction_id__in=reactions)


def membership_visibility(user, *, access=None):
    """Their own memberships; approved members of the themes they belong to; everything of themes they moderate."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    access = access or access_for(user)
    if access.is_superuser:
        return Q()
    visible_themes = [pk for pk, page in access.pages.items() if page.visible and page.theme_id == pk]
    condition = Q(user_id=user.pk)
    member_themes = [pk for pk in access.member_theme_ids if pk in visible_themes]
    if member_themes:
        condition |= Q(theme_id__in=member_themes, status=MembershipStatus.APPROVED)
    moderated_themes = [pk for pk in access.moderated_page_ids if pk in visible_themes]
    if moderated_themes:
        condition |= Q(theme_id__in=moderated_themes)
    return condition


def _moderated_theme_ids(access):
    """Themes (not subthemes) whose moderation `access` holds: their reports, blocks and members."""
    return [pk for pk in access.moderated_page_ids if pk in access.pages and access.pages[pk].theme_id == pk]


def report_visibility(user, *, access=None):
    """Reports `user` filed, and every report on the themes they moderate (visible ones)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    access = access or access_for(user)
    if access.is_superuser:
        return Q()
    condition = Q(reporter_id=user.pk)
    moderated = [pk for pk in _moderated_theme_ids(access) if access.pages[pk].visible]
    if moderated:
        condition |= Q(theme_id__in=moderated)
    return condition


def block_visibility(user, *, access=None):
    """A member's own blocks, and every block in the themes `user` moderates."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    access = access or access_for(user)
    if access.is_superuser:
        return Q()
    condition = Q(user_id=user.pk)
    moderated = [pk for pk in _moderated_theme_ids(access) if access.pages[pk].visible]
    if moderated:
        condition |= Q(theme_id__in=moderated)
    return condition
