"""Participation contributes to the core through the hook catalogue only (config/hooks.py)."""

from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter

import participation.admin_hooks  # noqa: F401 - the moderators' admin screens, menu and panel
from config.hooks import (
    AFTER_ACCOUNT_VERIFIED,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_THEME_TAB,
    REGISTER_URLS,
    REGISTER_USER_MENU_ITEM,
    REGISTER_WORKING_GROUP_MEMBERS,
    MenuItem,
    SearchHit,
    ThemeTab,
    UrlMount,
    WorkingGroupMembers,
)
from core.accounts.models import User
from core.request_cache import memoise
from participation.presenters import render_members_tab, render_posts_tab


@hooks.register(REGISTER_THEME_TAB)
def posts_tab(page, request):
    return ThemeTab(label=_("Posts"), slug="berichten", order=10, render=lambda: render_posts_tab(page, request))


@hooks.register(REGISTER_THEME_TAB)
def members_tab(page, request):
    return ThemeTab(label=_("Members"), slug="leden", order=20, render=lambda: render_members_tab(page, request))


@hooks.register(REGISTER_WORKING_GROUP_MEMBERS)
def working_group_members(page):
    """Approved members of the page's theme (a subtheme's members are its theme's), for plugins."""
    from participation.models import Membership, MembershipStatus

    theme = getattr(page, "theme", page)
    members = Membership.objects.filter(theme_id=theme.pk, status=MembershipStatus.APPROVED).values("user_id")
    return WorkingGroupMembers(label=str(_("Members")), people=User.objects.filter(is_active=True, pk__in=members))


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


class DecisionFormatter(LogFormatter):
    """A moderation decision in the admin's Logs report and the item history: the message names the member and the
    theme (from the entry's data, else from the item) and the reason the author was given."""

    def format_message(self, log_entry):
        data = log_entry.data or {}
        names = _log_names(log_entry, data)
        if names.get("member") and names.get("theme"):
            message = _("%(message)s: %(member)s in %(theme)s") % {"message": self.message, **names}
        elif names.get("theme"):
            message = _("%(message)s in %(theme)s") % {"message": self.message, **names}
        else:
            message = str(self.message)
        if data.get("reason"):
            message = _("%(message)s. Reason: %(reason)s") % {"message": message, "reason": data["reason"]}
        return message

    def format_comment(self, log_entry):
        return (log_entry.data or {}).get("reason", "")


def _theme_title_of(log_entry):
    from participation.models import Membership, Post, Reaction

    lookups = {Membership: "theme__title", Post: "theme__title", Reaction: "post__theme__title"}
    model = log_entry.content_type.model_class() if log_entry.content_type_id else None
    if model not in lookups:
        return None
    return model.objects.filter(pk=log_entry.object_id).values_list(lookups[model], flat=True).first()


def _log_names(log_entry, data):
    """Readable names for a log entry (a deleted member or theme simply drops out); read once per request."""
    from core.models import User
    from themes.models import ThemePage

    names = {}
    if data.get("theme"):
        title = memoise(
            ("log-theme", data["theme"]),
            lambda: ThemePage.objects.filter(pk=data["theme"]).values_list("title", flat=True).first(),
        )
    else:
        title = memoise(
            ("log-theme-of", log_entry.content_type_id, log_entry.object_id), lambda: _theme_title_of(log_entry)
        )
    if title:
        names["theme"] = title
    if data.get("member"):
        name = memoise(
            ("log-member", data["member"]),
            lambda: User.objects.filter(pk=data["member"]).values_list("display_name", flat=True).first(),
        )
        if name:
            names["member"] = name
    return names


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
        actions.register_action(code)(type("Formatter", (DecisionFormatter,), {"label": label, "message": message}))


@hooks.register(AFTER_ACCOUNT_VERIFIED)
def join_chosen_themes(user):
    """Registration lets a person pick the themes they come for (seed 000); once their address is confirmed they
    join them: at once in open themes, as a request to the moderators in closed and mixed ones."""
    from core.permissions import visible_pages
    from participation.services import membership_join
    from themes.models import ThemePage

    for theme in visible_pages(user, ThemePage.objects.filter(pk__in=user.interested_themes.values("pk"))):
        membership_join(user=user, theme=theme)


# --- A change of working-group type, told to who makes it ---------------------------------------------------------

GROUP_TYPE_CHANGE = "_werkgroepen_group_type_change"


@hooks.register("before_publish_page")
def note_group_type_change(request, page):
    """Remember whether the publish about to happen changes a (sub)theme's effective type (the live row still
    holds the old one), so that :func:`tell_group_type_change` can say what it means for the posts."""
    from themes.models import SubthemePage, ThemePage

    if not isinstance(page, ThemePage | SubthemePage):
        return None
    before = type(page).objects.filter(pk=page.pk, live=True).first()
    if before is not None and before.effective_group_type != page.effective_group_type:
        setattr(request, GROUP_TYPE_CHANGE, (page.title, before.effective_group_type, page.effective_group_type))
    return None


@hooks.register("after_publish_page")
def tell_group_type_change(request, page):
    """After a type change goes live: what happens to the posts that already exist and to new ones."""
    from django.contrib import messages
    from django.utils.translation import gettext

    change = getattr(request, GROUP_TYPE_CHANGE, None)
    if change is None:
        return None
    title, old, new = change
    if new == "open":
        text = gettext(
            "“%(page)s” is now an open working group. Posts written for members stay readable only by the members "
            "admitted so far: people who join at once from now on do not see them. New posts are public once a "
            "moderator has approved them."
        )
    elif new == "closed":
        text = gettext(
            "“%(page)s” is now a closed working group: only its members read its posts, also those that were "
            "public. New posts appear at once, for members only."
        )
    elif old == "open":
        text = gettext(
            "“%(page)s” is now a mixed working group. Posts that were public stay public; new posts go to the "
            "section their author chooses."
        )
    else:
        text = gettext(
            "“%(page)s” is now a mixed working group. Posts written for members stay in the members' section; new "
            "posts go to the section their author chooses."
        )
    messages.warning(request, text % {"page": title})
    return None


# Digests of interesting posts and observer updates (issue 4 §7).
from participation import digest_hooks  # noqa: E402, F401


@hooks.register(REGISTER_URLS)
def participation_urls():
    return UrlMount(prefix="deelname/", patterns="participation.urls", order=50)


@hooks.register(REGISTER_USER_MENU_ITEM)
def my_posts_menu_item(request):
    return MenuItem(name="my-posts", label=_("My posts"), url=reverse("participation:my_posts"), order=20)
