"""What the groups room adds through the hook catalogue (config/hooks.py): the "Leden" tab of a theme page, its
notification types, the profile's "Mijn werkgroepen", the members of its themes among an organisation's people, and joining the themes a person chose
at registration. Imported by participation/wagtail_hooks.py."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    AFTER_ACCOUNT_VERIFIED,
    REGISTER_LOGIN_PLACES,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_ORGANISATION_PEOPLE,
    REGISTER_PROFILE_SECTION,
    REGISTER_THEME_TAB,
    REGISTER_WORKING_GROUP_MEMBERS,
    LoginPlace,
    NotificationType,
    OrganisationPeople,
    PageSection,
    ThemeTab,
    WorkingGroupMembers,
)
from core.pages.selectors import visible_pages
from participation.groups.notifications import MEMBER_LEFT, MEMBERSHIP_DECIDED
from participation.groups.presenters import render_members_tab, render_profile_section
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
            code=MEMBERSHIP_DECIDED,
            label=_("Decisions on my requests to join"),
            default_frequency="immediately",
            topic="my_groups",
            order=40,
        ),
        # Sent only where the theme asks for it (ThemePage.tell_moderators_when_members_leave).
        NotificationType(
            code=MEMBER_LEFT,
            label=_("Members who leave a working group I moderate"),
            default_frequency="immediately",
            audience="moderators",
            topic="moderation",
            order=20,
        ),
    ]


@hooks.register(REGISTER_PROFILE_SECTION)
def my_working_groups(request):
    """The profile's "Mijn werkgroepen": memberships with their state, and leaving (issue 14 §1)."""
    return PageSection(label=_("My working groups"), order=10, render=lambda: render_profile_section(request))


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
