"""The catalogue of Werkgroepen's extension points, and the one wrapper that calls them.

Apps and plugins register functions with Wagtail's hook registry, in their ``wagtail_hooks.py``::

    from wagtail import hooks
    from config.hooks import REGISTER_THEME_TAB, ThemeTab

    @hooks.register(REGISTER_THEME_TAB)
    def activities_tab(page, request):
        return ThemeTab(label=_("Activities"), slug="activiteiten", order=30, render=lambda: ...)

Core code never calls ``wagtail.hooks.get_hooks`` for these names: it calls :func:`call` (or
:func:`call_safely` for after-the-fact hooks), which drops the functions of plugins that the organisation in
question has not switched on. ``participation`` and ``trajectories`` use the same hooks, so the core never
imports them by name.

Every name below is a hook of the catalogue; its docstring says what it is called with, what it returns
and when it runs. *Scoped* hooks run for one organisation: a plugin's function runs only where the
organisation switched the plugin on. *Site-wide* hooks run for every installed plugin (their results must
still be narrowed to what the user may see, e.g. through ``visible_to(user)``).

System checks (core/checks.py): ``werkgroepen.E001`` rejects hook names registered by our apps or plugins
that are neither in this catalogue nor Wagtail's own; ``werkgroepen.E003`` rejects functions on scoped hooks
that belong neither to the core nor to an installed plugin (they could not be switched off).
"""

from __future__ import annotations

import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any, Protocol, runtime_checkable

from wagtail import hooks as wagtail_hooks

from config.plugins import plugin_for_module

logger = logging.getLogger("werkgroepen.hooks")


# --- What hooks return --------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeTab:
    """A tab on a theme or subtheme page. ``render()`` returns safe HTML for the tab panel
    (``render_to_string`` or ``format_html``: escape everything you interpolate)."""

    label: str
    slug: str
    order: int
    render: Callable[[], str]


@dataclass(frozen=True)
class PageSection:
    """A section of an organisation page, with a heading (``label``) and ``render()`` returning safe HTML."""

    label: str
    order: int
    render: Callable[[], str]


@dataclass(frozen=True)
class HomePanel:
    """A panel on the home page beside "zo werkt het", with a heading (``label``) and ``render()`` returning safe
    HTML. It is the same for every viewer (no request, no user): only what an anonymous visitor may see."""

    label: str
    order: int
    render: Callable[[], str]


@dataclass(frozen=True)
class Action:
    """A link or button beside a post: ``method`` "get" (a link) or "post" (a form button)."""

    label: str
    url: str
    method: str = "get"


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: str
    excerpt: str = ""


@runtime_checkable
class SearchProvider(Protocol):
    """What ``register_search_provider`` returns: any object with these two members."""

    label: str

    def search(self, query: str, user: Any, limit: int) -> list[SearchHit]: ...


@dataclass(frozen=True)
class NotificationType:
    code: str  # unique across the site, prefixed with the app, e.g. "activities.new_activity"
    label: str
    default_frequency: str = "immediately"  # immediately | daily | weekly | off
    audience: str = "members"  # who may receive it: members | moderators | editors | participants
    # True: its e-mails (and any digest holding it) greet nobody by name and carry only the title and the link;
    # for care spaces, whose mail shows on lock screens and in shared mailboxes (SEC-22).
    discreet: bool = False
    # Where the notification settings list it: "my_posts", "my_groups", "moderation", "spaces" or "account" (empty:
    # from the audience: moderators and editors under moderation, participants under spaces, else account), and its
    # place in that group (the most used first).
    topic: str = ""
    order: int = 100
    # offered_to(user) -> bool: whether the settings offer it to this person at all (e.g. only to people who take
    # part in a space); None: to everyone.
    offered_to: Callable[[Any], bool] | None = None


@dataclass(frozen=True)
class ModerationQueue:
    label: str
    count: Callable[[Any], int]  # count(user): open items this user moderates
    url: str


@dataclass(frozen=True)
class UserData:
    label: str
    export: Callable[[Any], dict]  # export(user) -> JSON-serialisable dict
    erase: Callable[[Any], None]  # erase(user): delete or anonymise
    # Plain words shown on "Mijn gegevens": what this app keeps after an account is deleted, and why (e.g. a
    # legal retention period). Empty: nothing to say.
    notice: str = ""


@dataclass(frozen=True)
class TrajectoryTool:
    slug: str
    label: str
    url: str
    widget: Callable[[], str] | None = None  # safe HTML for the space's dashboard


@dataclass(frozen=True)
class Importer:
    """An importer of outside data for one organisation (seed 002: activities from UiTinVlaanderen).

    ``run(form, organisation, user)`` imports what the valid ``form`` asks for and returns the number of objects
    created or changed; it runs in the background (a task), inside one transaction, and may raise to fail the run.
    ``slug`` identifies it in URLs and in the record of runs (never change it; empty: made from ``name``).
    ``user`` is the person who started the run (None if their account was deleted since)."""

    name: str
    form_class: type
    run: Callable[..., int]  # run(form, organisation, user) -> number of objects imported
    slug: str = ""
    description: str = ""


@dataclass(frozen=True)
class UrlMount:
    """URL patterns an app or plugin mounts on the site: ``path(prefix, include((patterns, app_name), namespace))``.

    ``patterns`` is a list of URL patterns or the dotted path of a URL module. ``order`` decides the order of
    the mounts (lower first), all before Wagtail's page serving, which answers every path nobody else claimed."""

    prefix: str
    patterns: Any
    namespace: str | None = None
    order: int = 100


@dataclass(frozen=True)
class MenuItem:
    """A link in the site header's personal menu (after log-in), e.g. "Mijn berichten", "Mijn werkruimtes".

    ``name`` identifies it (CSS class, tests); ``badge`` is a small count shown beside the label (unread)."""

    name: str
    label: str
    url: str
    order: int = 100
    badge: int | None = None


@dataclass(frozen=True)
class LoginPlace:
    """A place a person uses on the site, offered as where to land after log-in (e.g. the one space they take part
    in, a working group they are a member of). ``url`` is the place's path; ``label`` names it for tests and logs;
    ``land`` False: the place counts as a use of the site, but a person is never landed in it (the home page
    already shows it, e.g. a working group). ``role``: the place is the work place of that role (a value of
    ``core.models.Role``, e.g. the observers' overview): a person whose every role is that one lands there, where
    role holders otherwise keep the home page."""

    url: str
    label: str = ""
    land: bool = True
    role: str | None = None


@dataclass(frozen=True)
class SpaceItemKind:
    """One kind of item of a collaboration space: its model, the tool it belongs to and how it is added and changed.

    ``model`` is a subclass of the spaces app's ``SpaceItem``; ``key`` is stored in the access log (never change
    it); ``segment`` is its URL part: ``/werkruimte/<space>/<segment>/<item>/``; ``form_class`` the form of the
    generic item pages; ``list_url_name`` the tool page (reversed with the space id)."""

    key: str
    model: type
    tool: str
    segment: str
    label: str
    label_plural: str
    form_class: type | None = None
    add_label: str = ""  # heading of the page that adds one, e.g. "Add a goal"
    list_url_name: str = "trajectories:overview"
    form_template: str = "trajectories/items/form.html"
    order: int = 100


@dataclass(frozen=True)
class OrganisationPeople:
    """People an app or plugin counts among an organisation's own (e.g. the members of its themes).

    ``people`` is a queryset of users; the administration's people picker offers them to the organisation's admins
    by display name only (core/choosers.py), never by address."""

    label: str
    people: Any


@dataclass(frozen=True)
class OrganisationSettings:
    """Settings of one plugin for one organisation, edited on the organisation page's Plugins tab.

    ``form_class`` is a plain Django form whose cleaned data must be JSON-serialisable; what an organisation saved
    is read back with ``themes`` ``OrganisationPage.plugin_settings(plugin_label)`` (the initial values of the form
    where nothing was saved)."""

    label: str
    form_class: type


@dataclass(frozen=True)
class WorkingGroupMembers:
    """The members of one working group (a theme or subtheme page), as a queryset of users, for plugins that let
    "members of the theme" do something (a consultation's audience, its notifications) without knowing the app
    that keeps memberships."""

    label: str
    people: Any


@dataclass(frozen=True)
class SignupField:
    """An extra question of the registration form (allauth's signup form, core/accounts/forms.py).

    ``name`` is the form field's name (unique on the form); ``field`` a callable returning a fresh, optional Django
    form field (called each time the form is built, so its choices are current); ``record(user, value)`` runs when
    the account has just been created, with the cleaned value (also when it is empty: do nothing
    then). ``order`` places the questions after the core's own fields."""

    name: str
    field: Callable[[], Any]
    record: Callable[[Any, Any], None]
    order: int = 100


@dataclass(frozen=True)
class UpdateSection:
    """A section of the observers' periodic update mail (plain text): a title and its lines."""

    title: str
    lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class ScheduledJob:
    """A job the scheduler (``manage.py run_scheduler``, core/scheduler) runs on its own, at its interval.

    ``run()`` takes no argument and returns a count or a short text for the log. It must be **safe to run twice
    in a row**: a second run right after the first sends and changes nothing (an outbox key per event and person,
    a period already sent, a file already gone), because a crash, a restart or ``--force`` may run it again.
    ``name`` identifies the job: its last run is stored under it (never change it once deployed). Either ``every``
    (run when that long has passed since the last start) or ``at`` (a local time of day: run once the day's slot
    has come; with ``weekday``, 0 = Monday, once a week). ``lease`` bounds how long a scheduler that died in the
    middle of the job keeps others from running it, where the database has no advisory locks (SQLite)."""

    name: str
    run: Callable[[], Any]
    every: timedelta | None = None
    at: time | None = None
    weekday: int | None = None
    description: str = ""
    lease: timedelta = timedelta(hours=1)


# --- The catalogue ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hook:
    name: str
    doc: str
    scoped: bool  # True: called for one organisation; plugins not switched on there are dropped
    returns: tuple[type, ...] = ()  # what each returned item must be; () means the return value is ignored
    # False: the hook serves one feature app's own rooms (its items subclass a model of that app), so a plugin, which
    # never imports a feature app, cannot implement it; it uses the hooks the app offers plugins instead.
    for_plugins: bool = True


CATALOGUE: dict[str, Hook] = {}


def _declare(name, *, scoped, returns=(), doc, for_plugins=True):
    CATALOGUE[name] = Hook(
        name=name, doc=inspect.cleandoc(doc), scoped=scoped, returns=returns, for_plugins=for_plugins
    )
    return name


REGISTER_THEME_TAB = _declare(
    "register_theme_tab",
    scoped=True,
    returns=(ThemeTab,),
    doc="""
    Called with ``(page, request)`` when a theme or subtheme page renders, for the page's organisation.
    Return a :class:`ThemeTab` (or a list of them, or ``None`` to add nothing). Tabs are shown sorted by
    ``order``; the first is open by default. Used by participation (Berichten, Leden) and plugins
    (Activiteiten). Check ``visible_to(request.user)`` for everything the tab shows.
    """,
)
REGISTER_ORGANISATION_SECTION = _declare(
    "register_organisation_section",
    scoped=True,
    returns=(PageSection,),
    doc="""
    Called with ``(page, request)`` when an organisation page renders. Return a :class:`PageSection`
    (or a list, or ``None``). Sections are shown below the organisation's themes, sorted by ``order``.
    """,
)
REGISTER_POST_ACTIONS = _declare(
    "register_post_actions",
    scoped=True,
    returns=(Action,),
    doc="""
    Called with ``(post, request)`` when a post renders, for the post's organisation. Return a list of
    :class:`Action` (label, url, method) shown beside the post's own actions. Only called for posts the
    request's user may see; check yourself whether the user may perform the action.
    """,
)
REGISTER_SEARCH_PROVIDER = _declare(
    "register_search_provider",
    scoped=False,
    returns=(SearchProvider,),
    doc="""
    Site-wide. Called without arguments when site search starts. Return an object with ``label`` (str)
    and ``search(query, user, limit) -> list[SearchHit]`` (see :class:`SearchProvider`) that searches its
    own models starting from ``visible_to(user)``. Never return an object the user may not see: site
    search shows what comes back. ``query`` is never empty and holds only words (letters and digits)
    separated by single spaces: quotes, operators and control characters of what was typed are gone
    (``core.search.selectors.search_words``), so it is safe to hand to a full-text backend as it is.
    """,
)
REGISTER_NOTIFICATION_TYPES = _declare(
    "register_notification_types",
    scoped=False,
    returns=(NotificationType,),
    doc="""
    Site-wide. Called without arguments when notification settings or the notifier load. Return a list
    of :class:`NotificationType` (code, label, default frequency, who may receive).
    """,
)
REGISTER_MODERATION_QUEUE = _declare(
    "register_moderation_queue",
    scoped=False,
    returns=(ModerationQueue,),
    doc="""
    Site-wide. Called without arguments when the moderator dashboard renders. Return a
    :class:`ModerationQueue` (label, ``count(user)``, admin URL); counts must only include items the
    user moderates.
    """,
)
REGISTER_USER_DATA = _declare(
    "register_user_data",
    scoped=False,
    returns=(UserData,),
    doc="""
    Site-wide. Called without arguments for "Mijn gegevens" (GDPR export) and account deletion. Return a
    :class:`UserData` with ``export(user) -> dict`` and ``erase(user) -> None`` for one app's personal
    data, and optionally a ``notice`` shown on "Mijn gegevens" (what is kept after deletion and why). Both
    run inside the caller's transaction. The export dict is written as ``<label>.json`` in the person's ZIP; a key ``__files__`` may list ``(name, file)`` pairs (Django ``File``/``FieldFile``) that are
    packed under ``files/<label>/`` instead (core/privacy/services.py). ``erase`` runs before the account row is deleted:
    rows pointing at the user with ``SET_NULL`` stay (shown as "deleted user"), ``CASCADE`` rows go. Runs for every installed plugin, switched on or not:
    personal data must be exportable and erasable wherever it was stored.
    """,
)
REGISTER_TRAJECTORY_TOOL = _declare(
    "register_trajectory_tool",
    scoped=True,
    returns=(TrajectoryTool,),
    doc="""
    Called with ``(trajectory, request)`` when a collaboration space renders, for the organisation that
    runs the space. Return a :class:`TrajectoryTool` (slug, label, url, dashboard widget).
    """,
)
REGISTER_IMPORTER = _declare(
    "register_importer",
    scoped=True,
    returns=(Importer,),
    doc="""
    Called with ``(organisation, request)`` when an organisation admin (or a superadmin) opens the *Import* screen
    of the administration (core/imports), once per organisation they administer, and again when a run starts; the
    background run calls it once more with ``request`` None, to find the importer's ``run`` (a plugin switched off
    in the meantime fails the run). Return an :class:`Importer` (name, slug, form class,
    ``run(form, organisation, user) -> int``). The screen lists the importers with a form and a run button each,
    and the last runs (who, when, how many, outcome); each run is recorded in ``core.ImportRun``. What the form was
    given is stored with the run (JSON) and the form is rebuilt and validated again in the background: keep its
    fields plain (no file uploads).
    """,
)
REGISTER_URLS = _declare(
    "register_urls",
    scoped=False,
    returns=(UrlMount,),
    doc="""
    Site-wide. Called without arguments once, when the URL configuration loads (config/urls.py). Return a
    :class:`UrlMount` (or a list): every app and every installed plugin mounts its pages this way, so the
    project's URL configuration names no app. Mounts are site-wide: a plugin's views must themselves answer 404
    where the page's organisation has not switched the plugin on (``OrganisationPage.enabled_plugin_labels``).
    """,
)
REGISTER_USER_MENU_ITEM = _declare(
    "register_user_menu_item",
    scoped=False,
    returns=(MenuItem,),
    doc="""
    Site-wide. Called with ``(request)`` when the site header renders for a logged-in person. Return a
    :class:`MenuItem` (or a list, or ``None`` for nothing): the header's personal menu shows them sorted by
    ``order``. Return an item only when it means something to this person (e.g. "Mijn werkruimtes" only to
    people who take part in a space), and keep it cheap: it runs on every page.
    """,
)
REGISTER_LOGIN_PLACES = _declare(
    "register_login_places",
    scoped=False,
    returns=(LoginPlace,),
    doc="""
    Site-wide. Called with ``(user,)`` once after a person logs in without asking for a page (no ``next``), by the
    account adapter (core/accounts/adapter.py). Return a :class:`LoginPlace` for every place this person uses (or a
    list, or ``None``): when all functions together name exactly one place, that place lands (``land``) and the person
    holds no role on the site, they land straight in it instead of on the home page (issue 15 §1: a young person whose only use is one space).
    A person who holds roles lands only in a place given for their roles (``role``), when every role they hold is
    that one and exactly one such place is named (issue 14 §6: an observer lands on their overview).
    Keep it to a few queries.
    """,
)
REGISTER_PROFILE_SECTION = _declare(
    "register_profile_section",
    scoped=False,
    returns=(PageSection,),
    doc="""
    Site-wide. Called with ``(request)`` when a logged-in person's own profile page ("Je profiel") renders. Return a
    :class:`PageSection` (or a list, or ``None``): shown below the profile form, sorted by ``order``, e.g.
    participation's "Mijn werkgroepen" (each membership with its state, and leaving). Show only the person's own
    things; forms in ``render()`` post to the app's own views.
    """,
)
REGISTER_SPACE_ITEM_KIND = _declare(
    "register_space_item_kind",
    scoped=False,
    returns=(SpaceItemKind,),
    for_plugins=False,
    doc="""
    Site-wide. Called without arguments when the collaboration spaces' registry of item kinds first loads.
    Return a :class:`SpaceItemKind` (or a list). "Wie ziet wat?", the access log, the existence rule and the
    generic item pages (add, change, who may see this, delete) cover every registered kind; a system check
    refuses space item models that no function registers and URL parts that clash. For the trajectories app's
    own tools: a kind's model subclasses its ``SpaceItem``, and plugins never import a feature app (a plugin adds a
    tool to a space with ``register_trajectory_tool``).
    """,
)
REGISTER_ORGANISATION_PEOPLE = _declare(
    "register_organisation_people",
    scoped=True,
    returns=(OrganisationPeople,),
    doc="""
    Called with ``(organisation,)`` when an organisation admin's people picker in the administration lists the
    people of an organisation they administer (core/choosers.py: the Roles screen), and when the representatives
    picker of an organisation fiche lists who may represent it (themes/fiches: only these people). Return
    :class:`OrganisationPeople` (label, a queryset of users), e.g. participation the members of the organisation's
    themes. They are offered by display name only; return only people who belong to this organisation.
    """,
)
REGISTER_SIGNUP_FIELDS = _declare(
    "register_signup_fields",
    scoped=False,
    returns=(SignupField,),
    doc="""
    Site-wide. Called without arguments each time the registration form is built (core/accounts/forms.py). Return
    a :class:`SignupField` (or a list, or ``None``): an optional question added to the form after the core's own
    fields, sorted by ``order``; its ``record(user, value)`` runs when the account is created. The themes app asks
    which organisation (organisatiefiche) the newcomer represents (seed 000: "Mocht je deel uitmaken van een
    organisatie die in de lijst voorkomt, kies die dan"), which becomes a request the organisation's admins decide.
    """,
)
REGISTER_HOME_PANEL = _declare(
    "register_home_panel",
    scoped=False,
    returns=(HomePanel,),
    doc="""
    Site-wide. Called with ``(home,)`` (the ``HomePage`` being shown) when a home page renders, for every viewer
    alike: no request and no user are passed, because the panel is public and one shared, cacheable result. Return a
    :class:`HomePanel` (or a list, or ``None``); panels are shown sorted by ``order`` beside "zo werkt het".
    Show only what an anonymous visitor may see below `home` (``visible_to(AnonymousUser())``), never a
    shielded, members-only or hidden-theme item, even when the viewer is signed in. Participation shows the
    latest public posts ("Recent op het platform"). Keep the queries constant: a few, whatever the amount of data.
    """,
)
REGISTER_ORGANISATION_SETTINGS = _declare(
    "register_organisation_settings",
    scoped=False,
    returns=(OrganisationSettings,),
    doc="""
    Site-wide. Called without arguments when an organisation page's Plugins tab renders or saves, and when a
    plugin reads its settings. Return :class:`OrganisationSettings` (label, form class) for the plugin the
    function belongs to (matched by the function's module, :func:`config.plugins.plugin_for_module`); the
    organisation's admins (and superadmins) fill the form in per organisation on the plugin's row. What they save is
    validated by the form, stored as JSON on the row and read back with ``OrganisationPage.plugin_settings(label)``.
    """,
)
REGISTER_WORKING_GROUP_MEMBERS = _declare(
    "register_working_group_members",
    scoped=True,
    returns=(WorkingGroupMembers,),
    doc="""
    Called with ``(page,)`` (a theme or subtheme page) when a plugin needs the people who are members of that
    working group, for the page's organisation. Return :class:`WorkingGroupMembers` (label, a queryset of active
    users); participation returns the approved members of the page's theme (joining a theme covers its subthemes).
    Callers take the union of every result; a caller asks ``people.filter(pk=user.pk).exists()`` for one person.
    """,
)
REGISTER_OBSERVER_UPDATE_SECTION = _declare(
    "register_observer_update_section",
    scoped=True,
    returns=(UpdateSection,),
    doc="""
    Called with ``(organisation, start, end)`` when the observers' periodic update of `organisation` is composed
    (participation's observer updates, seed 001: "om de 3 maanden ... een update in hun mailbox"), for the period
    ``[start, end)`` (dates). Return an :class:`UpdateSection` (or a list, or ``None``): its title and plain-text
    lines are added to the mail after the working groups' figures. The mail goes to the organisation's observers:
    say nothing they may not see, and name no member of an anonymous activity.
    """,
)
REGISTER_SCHEDULED_JOB = _declare(
    "register_scheduled_job",
    scoped=False,
    returns=(ScheduledJob,),
    doc="""
    Site-wide. Called without arguments when the scheduler (``manage.py run_scheduler``, core/scheduler) starts, and
    by ``run_scheduler --list``. Return a :class:`ScheduledJob` (or a list): name, ``run()``, and ``every`` or
    ``at`` (+ ``weekday``). The scheduler runs each job when it is due, one scheduler at a time per job (a
    PostgreSQL advisory lock, a lease row on SQLite), and records its last run. Every job must be safe to run twice
    in a row (a second run sends nothing twice). A plugin's job runs whether or not an organisation switched the
    plugin on: narrow the work to the organisations that did (``enabled_organisation_ids`` …) inside ``run()``.
    """,
)
AFTER_POST_PUBLISHED = _declare(
    "after_post_published",
    scoped=True,
    doc="""
    Called with ``(post, actor)`` after a post became public, on commit of the transaction that
    published it, through :func:`call_safely`. Return value ignored. Exceptions are logged, never shown
    to the user, and the other functions still run.
    """,
)
AFTER_MEMBERSHIP_DECIDED = _declare(
    "after_membership_decided",
    scoped=True,
    doc="""
    Called with ``(membership, actor)`` after a membership request was approved or rejected, on commit,
    through :func:`call_safely`. Return value ignored. Exceptions are logged, never shown to the user.
    """,
)
AFTER_ACCOUNT_VERIFIED = _declare(
    "after_account_verified",
    scoped=False,
    doc="""
    Site-wide. Called with ``(user,)`` on commit after a person confirmed their e-mail address for the first
    time (registration is complete), through :func:`call_safely`. Participation joins the themes the person
    chose at registration (``user.interested_themes``). Return value ignored; exceptions are logged.
    """,
)


# --- The one dispatch wrapper -------------------------------------------------------------------


def origin_module(fn):
    """The module a hook function was written in, looking through ``functools.partial`` and decorators."""
    while isinstance(fn, functools.partial):
        fn = fn.func
    fn = inspect.unwrap(fn)
    return getattr(fn, "__module__", None) or ""


def functions(hook_name, *, organisation=None):
    """The functions registered for `hook_name` that may run for `organisation`, as ``(fn, plugin_label)``.

    For scoped hooks, functions of plugins not switched on for `organisation` are dropped (and with no
    organisation, every plugin function is dropped). Core functions always run; ``plugin_label`` is None
    for them. `organisation` is an ``OrganisationPage``: its switched-on plugins are read once per instance.
    """
    hook = CATALOGUE.get(hook_name)
    if hook is None:
        raise KeyError(f"{hook_name!r} is not in the Werkgroepen hook catalogue (config/hooks.py)")
    enabled = None
    if hook.scoped:
        enabled = organisation.enabled_plugin_labels() if organisation is not None else frozenset()
    selected = []
    for fn in wagtail_hooks.get_hooks(hook_name):
        plugin = plugin_for_module(origin_module(fn))
        if plugin is not None and enabled is not None and plugin.label not in enabled:
            continue
        selected.append((fn, plugin.label if plugin is not None else None))
    return selected


def _items(hook, fn, plugin, value):
    """The non-empty items of one function's return value (lists flattened), checked against the catalogue."""
    if not hook.returns or value is None:
        return []
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    items = [item for item in items if item is not None]
    for item in items:
        if not isinstance(item, hook.returns):
            expected = " or ".join(kind.__name__ for kind in hook.returns)
            raise TypeError(
                f"Hook {hook.name!r}: {origin_module(fn)}.{getattr(fn, '__qualname__', fn)} "
                f"({'plugin ' + plugin if plugin else 'core'}) returned {type(item).__name__}, expected {expected}."
            )
    return items


def call(hook_name, *args, organisation=None, **kwargs):
    """Call every allowed function of `hook_name` and return their non-empty results (lists flattened).

    This is the only way core code calls catalogue hooks. A function that raises, or returns something
    other than what the catalogue says, makes the call fail: use :func:`call_safely` where one plugin's
    failure must not stop the rest.
    """
    hook = CATALOGUE.get(hook_name)
    results = []
    for fn, plugin in functions(hook_name, organisation=organisation):
        results.extend(_items(hook, fn, plugin, fn(*args, **kwargs)))
    return results


def call_by_plugin(hook_name, *args, organisation=None, **kwargs):
    """Like :func:`call`, but each result comes with the label of the plugin it belongs to (None for core code),
    as ``(plugin_label, item)`` pairs: for hooks whose results belong to one plugin each (its settings form)."""
    hook = CATALOGUE.get(hook_name)
    results = []
    for fn, plugin in functions(hook_name, organisation=organisation):
        results.extend((plugin, item) for item in _items(hook, fn, plugin, fn(*args, **kwargs)))
    return results


def call_safely(hook_name, *args, organisation=None, **kwargs):
    """Like :func:`call`, but a failing function (or a wrong return value) is logged and the rest still run.

    For after-the-fact hooks (``after_post_published``, ``after_membership_decided``), where a plugin's
    failure must never undo or block the user's action. Returns the results of the functions that worked.
    """
    hook = CATALOGUE.get(hook_name)
    results = []
    for fn, plugin in functions(hook_name, organisation=organisation):
        try:
            results.extend(_items(hook, fn, plugin, fn(*args, **kwargs)))
        except Exception:  # noqa: BLE001 - a plugin's failure must not undo the user's action
            logger.exception("Hook %s of %s failed", hook_name, plugin or origin_module(fn))
    return results
