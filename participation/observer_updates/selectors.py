"""Reads of the observer update: the period, an organisation's figures and highlights, and its observers.

The highlights are the most-starred *public* posts of the period (``Post.objects.visible_to`` an anonymous visitor),
so nothing of a closed theme, a members' section, a shielded post or a hidden theme is ever named; counts are fine.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from config.hooks import REGISTER_OBSERVER_UPDATE_SECTION, call
from core.models import Role, RoleAssignment, User
from participation.access import MembershipStatus, PostStatus
from participation.groups.models import Membership
from participation.posts.models import Post, Reaction
from themes.models import OrganisationPage, ThemePage

HIGHLIGHTS = 5


def _month(index):
    return date(index // 12, index % 12 + 1, 1)


def last_period(months, now=None):
    """``(start, end)`` dates of the last complete period of `months` months before `now` (periods start in
    January: with 3 months, on 24 November that is 1 July – 1 October)."""
    today = timezone.localdate(now or timezone.now())
    index = today.year * 12 + today.month - 1
    current = index - index % months
    return _month(current - months), _month(current)


def _aware(day):
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass
class ThemeFigures:
    title: str
    members: int = 0
    new_members: int = 0
    posts: int = 0
    reactions: int = 0
    waiting: int = 0


@dataclass
class Update:
    organisation: object
    start: date
    end: date
    themes: list = field(default_factory=list)
    highlights: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # register_observer_update_section: what plugins add

    @property
    def totals(self):
        return ThemeFigures(
            title="",
            members=sum(theme.members for theme in self.themes),
            new_members=sum(theme.new_members for theme in self.themes),
            posts=sum(theme.posts for theme in self.themes),
            reactions=sum(theme.reactions for theme in self.themes),
            waiting=sum(theme.waiting for theme in self.themes),
        )


def _counts(queryset, key, **conditions):
    return {
        row[key]: row["n"] for row in queryset.values(key).annotate(n=Count("pk", filter=Q(**conditions))).order_by()
    }


def figures(organisation, start, end):
    """The :class:`Update` of `organisation` for ``[start, end)``: a fixed number of queries."""
    since, until = _aware(start), _aware(end)
    themes = list(ThemePage.objects.live().descendant_of(organisation).order_by("path").only("pk", "title"))
    ids = [theme.pk for theme in themes]
    memberships = Membership.objects.filter(theme_id__in=ids).annotate(joined=Coalesce("decided_at", "created_at"))
    members = _counts(memberships, "theme_id", status=MembershipStatus.APPROVED)
    new_members = _counts(
        memberships, "theme_id", status=MembershipStatus.APPROVED, joined__gte=since, joined__lt=until
    )
    pending_members = _counts(memberships, "theme_id", status=MembershipStatus.PENDING)
    posts = Post.objects.filter(theme_id__in=ids)
    published = _counts(posts, "theme_id", status=PostStatus.PUBLISHED, published_at__gte=since, published_at__lt=until)
    pending_posts = _counts(posts, "theme_id", status=PostStatus.PENDING)
    reactions = Reaction.objects.filter(post__theme_id__in=ids)
    reacted = _counts(
        reactions, "post__theme_id", status=PostStatus.PUBLISHED, published_at__gte=since, published_at__lt=until
    )
    pending_reactions = _counts(reactions, "post__theme_id", status=PostStatus.PENDING)
    update = Update(organisation=organisation, start=start, end=end)
    for theme in themes:
        update.themes.append(
            ThemeFigures(
                title=theme.title,
                members=members.get(theme.pk, 0),
                new_members=new_members.get(theme.pk, 0),
                posts=published.get(theme.pk, 0),
                reactions=reacted.get(theme.pk, 0),
                waiting=pending_members.get(theme.pk, 0)
                + pending_posts.get(theme.pk, 0)
                + pending_reactions.get(theme.pk, 0),
            )
        )
    # Highlights: public posts only, by the one definition of who sees what (an anonymous visitor).
    update.highlights = list(
        Post.objects.visible_to(AnonymousUser())
        .filter(theme_id__in=ids, published_at__gte=since, published_at__lt=until, star_count__gt=0)
        .select_related("theme")
        .order_by("-star_count", "-published_at", "-id")[:HIGHLIGHTS]
    )
    update.sections = call(REGISTER_OBSERVER_UPDATE_SECTION, organisation, start, end, organisation=organisation)
    return update


def observers_of(organisation):
    """Active people holding the observer role on `organisation` itself."""
    return list(
        User.objects.filter(
            is_active=True,
            pk__in=RoleAssignment.objects.filter(role=Role.OBSERVER, page_id=organisation.pk).values("user_id"),
        ).order_by("pk")
    )


LATEST = 10


def observed_organisations(user):
    """The organisations `user` observes (the observer role on the organisation page), by title."""
    if not user.is_authenticated:
        return []
    return list(
        OrganisationPage.objects.live()
        .filter(pk__in=RoleAssignment.objects.filter(user=user, role=Role.OBSERVER).values("page_id"))
        .order_by("title")
    )


def current_period(months, now=None):
    """``(start, end)`` of the period that runs now (the update mail's period so far): from its first day up to and
    including today."""
    today = timezone.localdate(now or timezone.now())
    index = today.year * 12 + today.month - 1
    return _month(index - index % months), today + timedelta(days=1)


def latest_posts(user, organisation):
    """The latest published posts of `organisation`'s themes and subthemes that `user` may read (``visible_to``:
    the public ones, and the members' ones where this person may read them)."""
    return list(
        Post.objects.visible_to(user)
        .filter(theme__path__startswith=organisation.path, status=PostStatus.PUBLISHED)
        .select_related("page", "category")
        .order_by("-published_at", "-id")[:LATEST]
    )
