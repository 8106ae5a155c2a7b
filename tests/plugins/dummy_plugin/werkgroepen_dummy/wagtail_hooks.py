"""The dummy plugin implements every hook of the catalogue with recognisable output.

Every piece of HTML carries a marker (``DUMMY_*``) so tests can prove where the plugin shows up and, more
importantly, where it does not. ``CALLS`` records the after-the-fact hooks.
"""

from datetime import timedelta

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.html import format_html
from wagtail import hooks

from config.hooks import (
    AFTER_ACCOUNT_VERIFIED,
    AFTER_MEMBERSHIP_DECIDED,
    AFTER_POST_PUBLISHED,
    REGISTER_HOME_PANEL,
    REGISTER_IMPORTER,
    REGISTER_LOGIN_PLACES,
    REGISTER_MODERATION_QUEUE,
    REGISTER_NOTIFICATION_TYPES,
    REGISTER_OBSERVER_UPDATE_SECTION,
    REGISTER_ORGANISATION_PEOPLE,
    REGISTER_ORGANISATION_SECTION,
    REGISTER_ORGANISATION_SETTINGS,
    REGISTER_POST_ACTIONS,
    REGISTER_PROFILE_SECTION,
    REGISTER_SCHEDULED_JOB,
    REGISTER_SEARCH_PROVIDER,
    REGISTER_SIGNUP_FIELDS,
    REGISTER_THEME_TAB,
    REGISTER_TRAJECTORY_TOOL,
    REGISTER_URLS,
    REGISTER_USER_DATA,
    REGISTER_USER_MENU_ITEM,
    REGISTER_WORKING_GROUP_MEMBERS,
    Action,
    HomePanel,
    Importer,
    LoginPlace,
    MenuItem,
    ModerationQueue,
    NotificationType,
    OrganisationPeople,
    OrganisationSettings,
    PageSection,
    ScheduledJob,
    SearchHit,
    SignupField,
    ThemeTab,
    TrajectoryTool,
    UpdateSection,
    UrlMount,
    UserData,
    WorkingGroupMembers,
)
from themes.models import OrganisationPage

TAB_MARKER = "DUMMY_TAB_MARKER"
SECTION_MARKER = "DUMMY_SECTION_MARKER"
WIDGET_MARKER = "DUMMY_WIDGET_MARKER"
TAB_LABEL = "Dummy-tab"
SECTION_LABEL = "Dummy-sectie"

# (hook name, positional arguments) of every after-the-fact call, in order. Tests clear it.
CALLS = []


@hooks.register(REGISTER_THEME_TAB)
def dummy_theme_tab(page, request):
    return ThemeTab(
        label=TAB_LABEL,
        slug="dummy",
        order=90,
        render=lambda: format_html('<p class="dummy">{} {}</p>', TAB_MARKER, page.title),
    )


@hooks.register(REGISTER_ORGANISATION_SECTION)
def dummy_organisation_section(page, request):
    return PageSection(
        label=SECTION_LABEL,
        order=90,
        render=lambda: format_html('<p class="dummy">{} {}</p>', SECTION_MARKER, page.title),
    )


@hooks.register(REGISTER_POST_ACTIONS)
def dummy_post_actions(post, request):
    return [Action(label="Dummy-actie", url=f"/dummy/posts/{post.pk}/", method="post")]


class DummySearchProvider:
    label = "Dummy"

    def search(self, query, user, limit):
        if "dummy" not in query.lower():
            return []
        return [SearchHit(title="Dummy-resultaat", url="/dummy/", kind="dummy", excerpt=query)][:limit]


@hooks.register(REGISTER_SEARCH_PROVIDER)
def dummy_search_provider():
    return DummySearchProvider()


@hooks.register(REGISTER_NOTIFICATION_TYPES)
def dummy_notification_types():
    return [
        NotificationType(code="dummy.something_happened", label="Dummy: something happened"),
        NotificationType(code="dummy.weekly_summary", label="Dummy: weekly summary", default_frequency="weekly"),
    ]


@hooks.register(REGISTER_MODERATION_QUEUE)
def dummy_moderation_queue():
    return ModerationQueue(
        label="Dummy-wachtrij", count=lambda user: 3 if user.is_superuser else 0, url="/admin/dummy/"
    )


def export_user_data(user):
    return {"dummy": {"display_name": user.display_name}}


def erase_user_data(user):
    CALLS.append(("erase_user_data", (user.pk,)))


@hooks.register(REGISTER_USER_DATA)
def dummy_user_data():
    return UserData(label="Dummy", export=export_user_data, erase=erase_user_data)


@hooks.register(REGISTER_TRAJECTORY_TOOL)
def dummy_trajectory_tool(trajectory, request):
    return TrajectoryTool(
        slug="dummy",
        label="Dummy-tool",
        url=f"/dummy/trajectories/{getattr(trajectory, 'pk', '')}/",
        widget=lambda: format_html('<p class="dummy">{}</p>', WIDGET_MARKER),
    )


class DummyImportForm(forms.Form):
    rows = forms.IntegerField(label="Number of rows", min_value=0, max_value=100)
    fail = forms.BooleanField(label="Fail on purpose", required=False)


def run_import(form, organisation, user):
    CALLS.append(("run_import", (organisation.pk, form.cleaned_data["rows"], getattr(user, "pk", None))))
    if form.cleaned_data["fail"]:
        raise ValueError("DUMMY_IMPORT_FAILED")
    return form.cleaned_data["rows"]


@hooks.register(REGISTER_IMPORTER)
def dummy_importer(organisation, request):
    return Importer(
        name="Dummy-import",
        slug="dummy",
        form_class=DummyImportForm,
        run=run_import,
        description="Imports nothing, counts rows.",
    )


# --- Pages of its own, a menu item, settings and people per organisation ------------------------------------------

MENU_LABEL = "Dummy-menu"
PAGE_MARKER = "DUMMY_PAGE_MARKER"
PEOPLE_DOMAIN = "dummy.example"  # the dummy counts x@<organisation slug>.dummy.example among an organisation's people


def dummy_page(request, organisation_id):
    """A page of the plugin for one organisation: like every plugin view, 404 where the plugin is off."""
    organisation = OrganisationPage.objects.filter(pk=organisation_id).first()
    if organisation is None or "werkgroepen_dummy" not in organisation.enabled_plugin_labels():
        raise Http404
    greeting = organisation.plugin_settings("werkgroepen_dummy")["greeting"]
    return HttpResponse(format_html("<p>{} {} {}</p>", PAGE_MARKER, greeting, organisation.title))


@hooks.register(REGISTER_URLS)
def dummy_urls():
    return UrlMount(
        prefix="dummy-plugin/",
        patterns=[path("<int:organisation_id>/", dummy_page, name="page")],
        namespace="werkgroepen_dummy",
        order=90,
    )


@hooks.register(REGISTER_LOGIN_PLACES)
def dummy_login_places(user):
    if not user.email.endswith("@" + PEOPLE_DOMAIN):
        return None
    return LoginPlace(url="/dummy-plugin/", label="dummy")


@hooks.register(REGISTER_USER_MENU_ITEM)
def dummy_menu_item(request):
    if not request.user.email.endswith("@" + PEOPLE_DOMAIN):
        return None
    return MenuItem(name="dummy", label=MENU_LABEL, url="/dummy-plugin/", order=90, badge=2)


@hooks.register(REGISTER_PROFILE_SECTION)
def dummy_profile_section(request):
    if not request.user.email.endswith("@" + PEOPLE_DOMAIN):
        return None
    return PageSection(
        label=SECTION_LABEL, order=90, render=lambda: format_html('<p class="dummy">{}</p>', SECTION_MARKER)
    )


# Tests switch the home panel on (append anything); otherwise every home page of the suite would carry it.
HOME_PANEL_ON = []
HOME_PANEL_MARKER = "DUMMY_HOME_PANEL"


@hooks.register(REGISTER_HOME_PANEL)
def dummy_home_panel(home):
    if not HOME_PANEL_ON:
        return None
    return HomePanel(
        label="Dummy-paneel",
        order=90,
        render=lambda: format_html('<p class="dummy">{} {}</p>', HOME_PANEL_MARKER, home.title),
    )


# Tests switch the registration question on (append anything); otherwise every signup form of the suite would carry it.
SIGNUP_QUESTION_ON = []


@hooks.register(REGISTER_SIGNUP_FIELDS)
def dummy_signup_field():
    if not SIGNUP_QUESTION_ON:
        return None
    return SignupField(
        name="dummy_answer",
        field=lambda: forms.CharField(label="Dummy-vraag", required=False, max_length=40),
        record=lambda user, value: CALLS.append((REGISTER_SIGNUP_FIELDS, (user.email, value))),
        order=90,
    )


class DummySettingsForm(forms.Form):
    greeting = forms.CharField(label="Greeting", max_length=40, initial="Hallo")
    rows = forms.IntegerField(label="Rows per page", min_value=1, max_value=10, initial=3)


@hooks.register(REGISTER_ORGANISATION_SETTINGS)
def dummy_settings():
    return OrganisationSettings(label="Dummy-instellingen", form_class=DummySettingsForm)


@hooks.register(REGISTER_ORGANISATION_PEOPLE)
def dummy_people(organisation):
    people = get_user_model().objects.filter(email__endswith=f"@{organisation.slug}.{PEOPLE_DOMAIN}")
    return OrganisationPeople(label="Dummy", people=people)


@hooks.register(REGISTER_WORKING_GROUP_MEMBERS)
def dummy_working_group_members(page):
    people = get_user_model().objects.filter(email__endswith=f"@{page.slug}.{PEOPLE_DOMAIN}")
    return WorkingGroupMembers(label="Dummy-leden", people=people)


@hooks.register(REGISTER_OBSERVER_UPDATE_SECTION)
def dummy_observer_update(organisation, start, end):
    return UpdateSection(title="Dummy-update", lines=(f"DUMMY_UPDATE {organisation.title} {start:%Y-%m}",))


@hooks.register(AFTER_POST_PUBLISHED)
def dummy_after_post_published(post, actor):
    CALLS.append((AFTER_POST_PUBLISHED, (post, actor)))


@hooks.register(AFTER_MEMBERSHIP_DECIDED)
def dummy_after_membership_decided(membership, actor):
    CALLS.append((AFTER_MEMBERSHIP_DECIDED, (membership, actor)))


@hooks.register(AFTER_ACCOUNT_VERIFIED)
def dummy_after_account_verified(user):
    CALLS.append((AFTER_ACCOUNT_VERIFIED, (user,)))


def dummy_tick():
    CALLS.append((REGISTER_SCHEDULED_JOB, ()))
    return 0  # nothing to send: safe to run twice


@hooks.register(REGISTER_SCHEDULED_JOB)
def dummy_scheduled_job():
    return ScheduledJob(name="dummy-tick", run=dummy_tick, every=timedelta(hours=1), description="DUMMY_JOB")
