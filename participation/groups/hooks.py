"""What the groups room adds through the hook catalogue (config/hooks.py): the "Leden" tab of a theme page, its
notification type, the members of its themes among an organisation's people, and joining the themes a person chose
at registration. Imported by participation/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    AFTER_ACCOUNT_VERIFIED,
    REGISTER_LOGIN_PLACES,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_ORGANISATION_PEOPLE,
    REGISTER_THEME_TAB,
    REGISTER_WORKING_GROUP_MEMBERS,
    LoginPlace,
    NotificationType,
    OrganisationPeople,
    ThemeTab,
    WorkingGroupMembers,
)
from core.pages.selectors import visible_pages
from participation.groups.notifications import MEMBERSHIP_DECIDED
from participation.groups.presenters import render_members_tab
from participation.groups.selectors import member_themes, organisation_members, working_group_members
from participation.groups.services import membership_join
from themes.models import ThemePage


@hooks.register(REGISTER_THEME_TAB)
def members_tab(page, request):
    """The members of the theme (for its members and moderators) and, for its moderators, the requests to join."""
    return ThemeTab(label=_("Members"), slug="leden", order=20, render=lambda: render_members_tab(page, request))


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def groups_notification_types():
    """Decisions of moderators on a person's requests to join."""
    return [
        NotificationType(
            code=MEMBERSHIP_DECIDED, label=_("Decisions on my requests to join"), default_frequency="immediately"
        )
    ]


@hooks.register(AFTER_ACCOUNT_VERIFIED)
def join_chosen_themes(user):
    """Registration lets a person pick the themes they come for (seed 000); once their address is confirmed they
    join them: at once in open themes, as a request to the moderators in closed and mixed ones."""
    for theme in visible_pages(user, ThemePage.objects.filter(pk__in=user.interested_themes.values("pk"))):
        membership_join(user=user, theme=theme)


@hooks.register(REGISTER_ORGANISATION_PEOPLE)
def theme_members(organisation):
    """An organisation's admins pick, among its own people, the approved members of its themes (by name only)."""
    return OrganisationPeople(label=_("Members of its themes"), people=organisation_members(organisation))


@hooks.register(REGISTER_WORKING_GROUP_MEMBERS)
def members_of_working_group(page):
    """Approved members of the page's theme (a subtheme's members are its theme's), for plugins."""
    return WorkingGroupMembers(label=str(_("Members")), people=working_group_members(page))


@hooks.register(REGISTER_LOGIN_PLACES)
def working_groups_as_login_places(user):
    """Each working group the person is a member of (approved): a use of the site, so a member with a space too
    keeps the home page after log-in; a member is never landed in a working group (issue 15 §1: only a person whose
    only use is one space lands in it)."""
    return [LoginPlace(url=theme.url, label="working group", land=False) for theme in member_themes(user)]
