"""Where activities show up on the site: the organisation page's section, the themes' tab, the personal menu, site
search, notification types, the moderation dashboard, "Mijn gegevens" and the Plugins tab's settings."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from config.hooks import (
    REGISTER_MODERATION_QUEUE,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_ORGANISATION_SECTION,
    REGISTER_ORGANISATION_SETTINGS,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_THEME_TAB,
    REGISTER_USER_DATA,
    REGISTER_USER_MENU_ITEM,
    MenuItem,
    ModerationQueue,
    NotificationType,
    OrganisationSettings,
    PageSection,
    SearchHit,
    ThemeTab,
    UserData,
)
from themes.models import OrganisationPage
from werkgroepen_activities.activities.models import Activity, ActivityReport, StatusChange, organisation_paths_of
from werkgroepen_activities.activities.selectors import open_reports_count, upcoming
from werkgroepen_activities.activities.services import user_data_erase
from werkgroepen_activities.settings import PLUGIN, ActivitiesSettingsForm
from werkgroepen_activities.territory.selectors import territories


def _section(organisation, request, *, heading_level):
    activities = upcoming(organisation, user=request.user, limit=3)
    return render_to_string(
        "werkgroepen_activities/activities/section.html",
        {"activities": activities, "organisation": organisation, "heading_level": heading_level},
        request=request,
    )


@hooks.register(REGISTER_ORGANISATION_SECTION)
def activities_section(page, request):
    """ "Activiteiten" on the organisation page: the next three, and the link to all of them."""
    return PageSection(label=_("Activities"), order=40, render=lambda: _section(page, request, heading_level=3))


@hooks.register(REGISTER_THEME_TAB)
def activities_tab(page, request):
    """An "Activiteiten" tab on the organisation's themes: its next activities."""
    organisation = page.organisation
    return ThemeTab(
        label=_("Activities"),
        slug="activiteiten",
        order=40,
        render=lambda: _section(organisation, request, heading_level=3),
    )


@hooks.register(REGISTER_USER_MENU_ITEM)
def activities_menu(request):
    """ "Mijn activiteiten" for the managers of an organisation with the plugin on, and "Activiteiten op mijn
    grondgebied" for the moderators of a territory. Cheap: the roles are memoised, the switches tree-cached."""
    managed, moderated = organisation_paths_of(request.user)
    paths = sorted(set(managed) | set(moderated))
    if not paths:
        return None
    items = []
    organisations = OrganisationPage.objects.filter(path__in=paths).only("pk", "path", "slug", "title")
    known = territories()
    for organisation in organisations:
        if PLUGIN not in organisation.enabled_plugin_labels():
            continue
        if organisation.path in managed:
            items.append(
                MenuItem(
                    name=f"activities-mine-{organisation.pk}",
                    label=_("My activities") + f" · {organisation.title}",
                    url=reverse("werkgroepen_activities:mine", args=[organisation.slug]),
                    order=60,
                )
            )
        if organisation.path in moderated and organisation.path in known:
            items.append(
                MenuItem(
                    name=f"activities-territory-{organisation.pk}",
                    label=_("Activities on my territory") + f" · {organisation.title}",
                    url=reverse("werkgroepen_activities:territory", args=[organisation.slug]),
                    order=61,
                )
            )
    return items


@hooks.register(REGISTER_ORGANISATION_SETTINGS)
def activities_settings():
    return OrganisationSettings(label=_("Activities"), form_class=ActivitiesSettingsForm)


# The notification types of seed 002 ("Type meldingen"); moderators' types, so their extra addresses get them too.
NOTIFICATION_TYPES = [
    ("activities.published", _("An activity was published")),
    ("activities.inactive", _("A recurring activity has been inactive for a while")),
    ("activities.expired", _("An activity expired")),
    ("activities.reported", _("An activity was reported")),
    ("activities.imported", _("New activities were imported from UiT")),
    ("activities.new_organisation", _("A new organisation registered on your territory")),
    ("activities.new_activity", _("A new activity registered on your territory")),
    ("activities.depublished", _("Your activity was depublished")),
]


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def activities_notification_types():
    return [NotificationType(code=code, label=label, audience="moderators") for code, label in NOTIFICATION_TYPES]


class ActivitySearch:
    """Site search over activity titles and keywords, from ``visible_to`` (published, plugin on)."""

    label = _("Activities")

    def search(self, query, user, limit):
        found = (
            Activity.objects.visible_to(user)
            .filter(title__icontains=query)
            .select_related("organisation")
            .order_by("-starts_at", "-id")[:limit]
        )
        return [
            SearchHit(
                title=activity.title,
                url=activity.get_absolute_url(),
                kind=str(_("activity")),
                excerpt=f"{activity.municipality} · {activity.organisation.title}",
            )
            for activity in found
        ]


@hooks.register(REGISTER_SEARCH_PROVIDER)
def activities_search():
    return ActivitySearch()


@hooks.register(REGISTER_MODERATION_QUEUE)
def activities_reports_queue():
    return ModerationQueue(
        label=_("Reported activities"), count=open_reports_count, url=reverse("werkgroepen_activities:overview")
    )


def export_user_data(user):
    """What the plugin holds about `user`: their reports and the status changes they made."""
    return {
        "reports": [
            {"activity": report.activity.title, "reason": report.reason, "at": report.created_at.isoformat()}
            for report in ActivityReport.objects.filter(reporter=user).select_related("activity")
        ],
        "status_changes": [
            {"activity": change.activity.title, "status": change.status, "at": change.at.isoformat()}
            for change in StatusChange.objects.filter(by=user).select_related("activity")
        ],
    }


@hooks.register(REGISTER_USER_DATA)
def activities_user_data():
    return UserData(label="activiteiten", export=export_user_data, erase=lambda user: user_data_erase(user=user))
