"""Builders for memberships, posts and reactions, used by tests, seed_demo and the benchmark.

They write rows directly (no service, no moderation) so a test can set up any state in one line; what a
member can do is tested through the services and views.
"""

from django.utils import timezone

from participation.models import (
    Membership,
    MembershipStatus,
    Post,
    PostAudience,
    PostFilterOption,
    PostStatus,
    Reaction,
    Section,
    Star,
)
from participation.posts.selectors import activity_changed
from themes.models import Category, FilterGroup, FilterOption


def category(*, page, name, description="", icon="tag"):
    return Category.objects.create(page=page, name=name, description=description, icon=icon)


def filter_group(*, page, name, options):
    group = FilterGroup.objects.create(page=page, name=name)
    for index, option in enumerate(options):
        FilterOption.objects.create(group=group, name=option, sort_order=index)
    return group


def membership(*, user, theme, status=MembershipStatus.APPROVED, on_behalf_of=None, **fields):
    """A membership as a moderator decided it; ``joined_at_once=True, decided_at=...`` for one taken at once."""
    return Membership.objects.update_or_create(
        user=user, theme=theme, defaults={"status": status, "on_behalf_of": on_behalf_of, **fields}
    )[0]


def post(
    *,
    author,
    page,
    title="Een bericht",
    body="<p>Tekst van het bericht.</p>",
    status=PostStatus.PUBLISHED,
    section=None,
    category=None,
    options=(),
    audience=(),
    on_behalf_of=None,
    when=None,
    **fields,
):
    """A post on `page` (theme or subtheme). `section` defaults to what the page's type implies."""
    specific = page.specific
    theme = specific.theme
    if section is None:
        section = Section.MEMBERS if specific.effective_group_type == "closed" else Section.PUBLIC
    fields.setdefault("theme_type_at_writing", theme.group_type)
    when = when or timezone.now()
    item = Post.objects.create(
        theme_id=theme.pk,
        page_id=page.pk,
        author=author,
        title=title,
        body=body,
        body_source=body,
        status=status,
        section=section,
        category=category,
        shielded=bool(audience),
        on_behalf_of=on_behalf_of,
        sort_at=when,
        published_at=when if status == PostStatus.PUBLISHED else None,
        **fields,
    )
    PostFilterOption.objects.bulk_create([PostFilterOption(post=item, option=option) for option in options])
    PostAudience.objects.bulk_create([PostAudience(post=item, user=user) for user in audience])
    return item


def reaction(*, post, author, body="<p>Een reactie.</p>", status=PostStatus.PUBLISHED, when=None):
    when = when or timezone.now()
    item = Reaction.objects.create(
        post=post,
        author=author,
        body=body,
        body_source=body,
        status=status,
        published_at=when if status == PostStatus.PUBLISHED else None,
    )
    if status == PostStatus.PUBLISHED:
        Post.objects.filter(pk=post.pk).update(
            reaction_count=Reaction.objects.filter(post=post, status=PostStatus.PUBLISHED).count(),
            last_reaction_at=when,
        )
        activity_changed(post.theme_id)
    return item


def star(*, post, user):
    item, _created = Star.objects.get_or_create(post=post, user=user)
    Post.objects.filter(pk=post.pk).update(star_count=Star.objects.filter(post=post).count())
    activity_changed(post.theme_id)
    return item
