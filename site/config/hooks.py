"""The catalogue of Werkgroepen's extension points, and the one wrapper that calls them.

Apps and plugins register functions with Wagtail's hook registry::

    from wagtail import hooks

    @hooks.register("register_theme_tab")
    def activities_tab(page, request):
        return ThemeTab(label=_("Activiteiten"), slug="activiteiten", order=30, render=...)

Core code never calls ``wagtail.hooks.get_hooks`` for these names: it calls :func:`call`, which drops the
functions of plugins that the organisation in question has not switched on. ``participation`` and
``trajectories`` use the same hooks, so the core never imports them by name.

Every name below is a hook of the catalogue; its docstring says what it is called with, what it returns
and when it runs. The system check ``werkgroepen.E001`` rejects hook names registered by our apps or plugins
that are neither in this catalogue nor Wagtail's own.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Callable

from wagtail import hooks as wagtail_hooks

from config.plugins import plugin_for_module

logger = logging.getLogger("werkgroepen.hooks")


@dataclass(frozen=True)
class Hook:
    name: str
    doc: str
    scoped: bool  # True: called for one organisation, plugins not enabled there are dropped


CATALOGUE: dict[str, Hook] = {}


def _declare(name, *, scoped, doc):
    CATALOGUE[name] = Hook(name=name, doc=doc.strip(), scoped=scoped)
    return name


REGISTER_THEME_TAB = _declare(
    "register_theme_tab",
    scoped=True,
    doc="""
    Called with ``(page, request)`` when a theme or subtheme page renders. Return a :class:`ThemeTab`
    (or ``None`` to add nothing). Tabs are shown sorted by ``order``; the first is open by default.
    Used by participation (Berichten, Leden) and plugins (Activiteiten).
    """,
)
REGISTER_ORGANISATION_SECTION = _declare(
    "register_organisation_section",
    scoped=True,
    doc="""
    Called with ``(page, request)`` when an organisation page renders. Return a :class:`PageSection`
    (or ``None``). Sections are shown below the organisation's themes, sorted by ``order``.
    """,
)
REGISTER_POST_ACTIONS = _declare(
    "register_post_actions",
    scoped=True,
    doc="""
    Called with ``(post, request)`` when a post renders. Return a list of :class:`Action` (label, url,
    method) shown beside the post's own actions. Only called for posts the request's user may see.
    """,
)
REGISTER_SEARCH_PROVIDER = _declare(
    "register_search_provider",
    scoped=False,
    doc="""
    Called without arguments when site search starts. Return an object with ``label`` (str) and
    ``search(query, user, limit) -> list[SearchHit]`` that searches its own models starting from
    ``visible_to(user)``. Never return an object the user may not see: site search shows what comes back.
    """,
)
REGISTER_NOTIFICATION_TYPES = _declare(
    "register_notification_types",
    scoped=False,
    doc="""
    Called without arguments when notification settings or the notifier load. Return a list of
    :class:`NotificationType` (code, label, default frequency, who may receive).
    """,
)
REGISTER_MODERATION_QUEUE = _declare(
    "register_moderation_queue",
    scoped=False,
    doc="""
    Called without arguments when the moderator dashboard renders. Return a :class:`ModerationQueue`
    (label, ``count(user)``, admin URL); counts must only include items the user moderates.
    """,
)
REGISTER_USER_DATA = _declare(
    "register_user_data",
    scoped=False,
    doc="""
    Called without arguments for "Mijn gegevens" (GDPR export) and account deletion. Return a
    :class:`UserData` with ``export(user) -> dict[str, Any]`` and ``erase(user) -> None`` for one app's
    personal data. Both run inside the caller's transaction.
    """,
)
REGISTER_TRAJECTORY_TOOL = _declare(
    "register_trajectory_tool",
    scoped=True,
    doc="""
    Called with ``(trajectory, request)`` when a collaboration space renders. Return a
    :class:`TrajectoryTool` (slug, label, url, dashboard widget). The organisation is the space's own.
    """,
)
REGISTER_IMPORTER = _declare(
    "register_importer",
    scoped=True,
    doc="""
    Called with ``(organisation, request)`` when an editor opens the import screen. Return an
    :class:`Importer` (name, form class, ``run(form, organisation, user) -> int``).
    """,
)
AFTER_POST_PUBLISHED = _declare(
    "after_post_published",
    scoped=True,
    doc="""
    Called with ``(post, actor)`` after a post became public, on commit of the transaction that
    published it. Return value ignored. Exceptions are logged, never shown to the user.
    """,
)
AFTER_MEMBERSHIP_DECIDED = _declare(
    "after_membership_decided",
    scoped=True,
    doc="""
    Called with ``(membership, actor)`` after a membership request was approved or rejected, on commit.
    Return value ignored. Exceptions are logged, never shown to the user.
    """,
)


# --- What hooks return --------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeTab:
    label: str
    slug: str
    order: int
    render: Callable[[], str]  # returns safe HTML for the tab panel


@dataclass(frozen=True)
class PageSection:
    label: str
    order: int
    render: Callable[[], str]


@dataclass(frozen=True)
class Action:
    label: str
    url: str
    method: str = "get"


@dataclass(frozen=True)
class SearchHit:
    title: str
    url: str
    kind: str
    excerpt: str = ""


@dataclass(frozen=True)
class NotificationType:
    code: str
    label: str
    default_frequency: str = "immediately"  # immediately | daily | weekly | off
    audience: str = "members"


@dataclass(frozen=True)
class ModerationQueue:
    label: str
    count: Callable[[Any], int]
    url: str


@dataclass(frozen=True)
class UserData:
    label: str
    export: Callable[[Any], dict]
    erase: Callable[[Any], None]


@dataclass(frozen=True)
class TrajectoryTool:
    slug: str
    label: str
    url: str
    widget: Callable[[], str] | None = None


@dataclass(frozen=True)
class Importer:
    name: str
    form_class: type
    run: Callable[..., int]


@dataclass
class HookResult:
    """One non-empty return value of one hook function, with the plugin (or None for core) it came from."""

    value: Any
    plugin: str | None = field(default=None)


# --- The one dispatch wrapper -------------------------------------------------------------------


def functions(hook_name, *, organisation=None):
    """The functions registered for `hook_name` that may run for `organisation`.

    For scoped hooks, functions of plugins not enabled for `organisation` are dropped (and with no
    organisation, every plugin function is dropped). Core functions always run.
    """
    hook = CATALOGUE.get(hook_name)
    if hook is None:
        raise KeyError(f"{hook_name!r} is not in the Werkgroepen hook catalogue (config/hooks.py)")
    enabled = None
    if hook.scoped:
        enabled = organisation.enabled_plugin_labels() if organisation is not None else frozenset()
    selected = []
    for fn in wagtail_hooks.get_hooks(hook_name):
        plugin = plugin_for_module(getattr(fn, "__module__", "") or "")
        if plugin is not None and enabled is not None and plugin.label not in enabled:
            continue
        selected.append((fn, plugin.label if plugin else None))
    return selected


def call(hook_name, *args, organisation=None, **kwargs):
    """Call every allowed function of `hook_name` and return their non-empty results (lists flattened).

    This is the only way core code calls catalogue hooks.
    """
    results = []
    for fn, plugin in functions(hook_name, organisation=organisation):
        value = fn(*args, **kwargs)
        if value is None:
            continue
        if isinstance(value, (list, tuple)):
            results.extend(HookResult(item, plugin) for item in value if item is not None)
        else:
            results.append(HookResult(value, plugin))
    return [result.value for result in results]


def call_safely(hook_name, *args, organisation=None, **kwargs):
    """Like :func:`call` for after-the-fact hooks: one failing function is logged and the rest still run."""
    for fn, plugin in functions(hook_name, organisation=organisation):
        try:
            fn(*args, **kwargs)
        except Exception:  # noqa: BLE001 - a plugin's failure must not undo the user's action
            logger.exception("hook %s of %s failed", hook_name, plugin or fn.__module__)
