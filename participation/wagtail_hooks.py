"""Participation contributes to the core through the hook catalogue only (config/hooks.py)."""

from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    AFTER_ACCOUNT_VERIFIED,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_THEME_TAB,
    SearchHit,
    ThemeTab,
)
from participation.presenters import render_members_tab, render_posts_tab


@hooks.register(REGISTER_THEME_TAB)
def posts_tab(page, request):
    return ThemeTab(label=_("Posts"), slug="berichten", order=10, render=lambda: render_posts_tab(page, request))


@hooks.register(REGISTER_THEME_TAB)
def members_tab(page, request):
    return ThemeTab(label=_("Members"), slug="leden", order=20, render=lambda: render_members_tab(page, request))


class PostSearch:
    """Posts and reactions matching a query, narrowed in the database to what the person may see."""

    label = _("Posts")

    def search(self, query, user, limit):
        from participation.models import Post, Reaction

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
        reactions = Reaction.objects.filter(pk__in=Reaction.objects.visible_to(user).values("pk")).select_related(
            "post"
        )
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


@hooks.register(REGISTER_SEARCH_PROVIDER)
def post_search():
    return PostSearch()


@hooks.register("register_log_actions")
def register_participation_log_actions(actions):
    for code, label, message in [
        ("werkgroepen.membership_approved", _("Approve membership"), _("Membership approved")),
        ("werkgroepen.membership_rejected", _("Refuse membership"), _("Membership refused")),
        ("werkgroepen.post_approved", _("Approve post"), _("Post approved")),
        ("werkgroepen.post_rejected", _("Refuse post"), _("Post refused")),
        ("werkgroepen.reaction_approved", _("Approve reaction"), _("Reaction approved")),
        ("werkgroepen.reaction_rejected", _("Refuse reaction"), _("Reaction refused")),
    ]:
        actions.register_action(code, label, message)


@hooks.register(AFTER_ACCOUNT_VERIFIED)
def join_chosen_themes(user):
    """Registration lets a person pick the themes they come for (seed 000); once their address is confirmed they
    join them: at once in open themes, as a request to the moderators in closed and mixed ones."""
    from core.permissions import visible_pages
    from participation.services import membership_join
    from themes.models import ThemePage

    for theme in visible_pages(user, ThemePage.objects.filter(pk__in=user.interested_themes.values("pk"))):
        membership_join(user=user, theme=theme)
