"""What the posts room adds through the hook catalogue (config/hooks.py): the "Berichten" tab of a theme page, the
site-search provider, "Mijn berichten" in the personal menu, its notification types, and what a change of
working-group type means for the posts, told to the editor who makes it. Imported by participation/wagtail_hooks.py."""

from django.contrib import messages
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_THEME_TAB,
    REGISTER_USER_MENU_ITEM,
    MenuItem,
    NotificationType,
    ThemeTab,
)
from participation.posts import selectors
from participation.posts.notifications import ITEM_DECIDED, NEW_POST, REACTION_ON_MY_POST
from participation.posts.presenters import render_posts_tab
from themes.models import SubthemePage, ThemePage


@hooks.register(REGISTER_THEME_TAB)
def posts_tab(page, request):
    """The posts of the theme or subtheme, with sorts and facets, and the membership box."""
    return ThemeTab(label=_("Posts"), slug="berichten", order=10, render=lambda: render_posts_tab(page, request))


class PostSearch:
    """Posts and reactions matching a query, narrowed in the database to what the person may see."""

    label = _("Posts")

    def search(self, query, user, limit):
        return selectors.search(query, user, limit)


@hooks.register(REGISTER_SEARCH_PROVIDER)
def post_search():
    return PostSearch()


@hooks.register(REGISTER_USER_MENU_ITEM)
def my_posts_menu_item(request):
    return MenuItem(name="my-posts", label=_("My posts"), url=reverse("participation:my_posts"), order=20)


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def posts_notification_types():
    """Decisions on a person's posts and reactions, reactions on their posts, new posts in their working groups."""
    return [
        NotificationType(
            code=ITEM_DECIDED,
            label=_("Decisions of moderators on my posts and reactions"),
            default_frequency="immediately",
            topic="my_posts",
            order=20,
        ),
        NotificationType(
            code=REACTION_ON_MY_POST,
            label=_("Reactions on my posts"),
            default_frequency="immediately",
            topic="my_posts",
            order=10,
        ),
        NotificationType(
            code=NEW_POST,
            label=_("New posts in my working groups"),
            default_frequency="daily",
            topic="my_groups",
            order=10,
        ),
    ]


# --- A change of working-group type, told to who makes it ---------------------------------------------------------

GROUP_TYPE_CHANGE = "_werkgroepen_group_type_change"


@hooks.register("before_publish_page")
def note_group_type_change(request, page):
    """Remember whether the publish about to happen changes a (sub)theme's effective type (the live row still
    holds the old one), so that :func:`tell_group_type_change` can say what it means for the posts."""
    if not isinstance(page, ThemePage | SubthemePage):
        return None
    before = type(page).objects.filter(pk=page.pk, live=True).first()
    if before is not None and before.effective_group_type != page.effective_group_type:
        setattr(request, GROUP_TYPE_CHANGE, (page.title, before.effective_group_type, page.effective_group_type))
    return None


@hooks.register("after_publish_page")
def tell_group_type_change(request, page):
    """After a type change goes live: what happens to the posts that already exist and to new ones."""
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
