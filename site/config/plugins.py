"""Plugin discovery, the plugin base class, and which plugin a piece of code belongs to.

A plugin is an installable distribution that declares, in its pyproject.toml::

    [project.entry-points."werkgroepen.plugins"]
    activities = "werkgroepen_activities"

The entry point's value is the Django app module (or ``"package.apps:ActivitiesConfig"``, an AppConfig
path); its AppConfig subclasses :class:`PluginConfig`. Settings call :func:`discover_plugins` to append the
found apps to INSTALLED_APPS, minus the ones named in ``WERKGROEPEN_PLUGINS_EXCLUDE`` (by entry-point name or
by module).

An organisation switches an installed plugin on or off in the admin (``OrganisationPlugin``); hooks of a
plugin that the organisation has not switched on are dropped by :func:`config.hooks.call`. This module must
stay importable from settings: nothing here touches the app registry at import time.

See docs/plugins.md for how to write one.
"""

from __future__ import annotations

import functools
from importlib.metadata import entry_points

from django.apps import AppConfig, apps
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from packaging.specifiers import InvalidSpecifier, SpecifierSet

ENTRY_POINT_GROUP = "werkgroepen.plugins"

# The version of the core that plugins state their compatibility with (``werkgroepen_compatibility``).
# Raise it with every release that changes the hook catalogue or the data classes hooks return.
CORE_VERSION = "0.1.0"

# Packages that are part of the site itself besides the apps in settings.CORE_APPS.
CORE_EXTRA_PACKAGES = ("config",)


def discover_plugins(*, exclude=()):
    """The INSTALLED_APPS entries of the installed plugins, sorted by entry-point name, minus `exclude`.

    `exclude` holds entry-point names (``"dummy"``) or app modules (``"werkgroepen_dummy"``, which also
    leaves out an entry point naming ``"werkgroepen_dummy.apps:DummyPluginConfig"``). Reads the
    installed distributions' metadata only; importing the plugins is left to Django.
    """
    excluded = {name.strip() for name in exclude if name and name.strip()}
    found = []
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        module = entry_point.module
        app = f"{module}.{entry_point.attr}" if entry_point.attr else module
        if entry_point.name in excluded or any(app == name or app.startswith(name + ".") for name in excluded):
            continue
        if app not in found:  # the same distribution seen twice on sys.path
            found.append(app)
    return found


class PluginConfig(AppConfig):
    """Base AppConfig of every Werkgroepen plugin.

    Subclasses set ``name`` (the module), ``label``, ``verbose_name`` (shown in the admin's plugin switch),
    and:

    - ``plugin_version``: the plugin's own version string;
    - ``plugin_description``: one sentence for the admin's plugin switch;
    - ``werkgroepen_compatibility``: a version specifier of the core it works with, e.g. ``">=0.1,<1"``
      (checked at start-up against :data:`CORE_VERSION`, system check ``werkgroepen.E004``).
    """

    # The base class is imported into every plugin's apps.py; `default = False` keeps Django from
    # counting it when it looks for the module's one AppConfig. Subclasses are the default again.
    default = False
    plugin_version = "0"
    plugin_description = ""
    werkgroepen_compatibility = ""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True

    def compatibility_problem(self):
        """Why this plugin cannot run on this core (a sentence), or "" when it can."""
        if not self.werkgroepen_compatibility:
            return ""
        try:
            specifier = SpecifierSet(self.werkgroepen_compatibility)
        except InvalidSpecifier:
            return f"werkgroepen_compatibility {self.werkgroepen_compatibility!r} is not a version specifier"
        if CORE_VERSION not in specifier:
            return f"it needs Werkgroepen {self.werkgroepen_compatibility}, this is {CORE_VERSION}"
        return ""


def installed_plugins():
    """The AppConfigs of the installed plugins (enabled or not for any organisation), in INSTALLED_APPS order."""
    return list(_installed_plugins())


@functools.cache
def _installed_plugins():
    return tuple(config for config in apps.get_app_configs() if isinstance(config, PluginConfig))


@functools.cache
def _plugins_by_name_length():
    # Longest package first, so a plugin nested in another plugin's package wins for its own modules.
    return tuple(sorted(_installed_plugins(), key=lambda config: -len(config.name)))


@functools.cache
def plugin_for_module(module_name):
    """The PluginConfig whose package contains `module_name`, or None when no plugin owns it.

    Called for every hook function on every dispatch, so it is cached per module name; the cache is
    emptied when INSTALLED_APPS changes (tests) through :func:`clear_caches`.
    """
    for config in _plugins_by_name_length():
        if module_name == config.name or module_name.startswith(config.name + "."):
            return config
    return None


@functools.cache
def is_core_module(module_name):
    """True for modules of the site itself: the apps of settings.CORE_APPS and the project package."""
    packages = {entry.split(".")[0] for entry in getattr(settings, "CORE_APPS", ())} | set(CORE_EXTRA_PACKAGES)
    return module_name.split(".")[0] in packages


def clear_caches():
    """Forget what is installed; called when INSTALLED_APPS changes (override_settings in tests)."""
    _installed_plugins.cache_clear()
    _plugins_by_name_length.cache_clear()
    plugin_for_module.cache_clear()
    is_core_module.cache_clear()


@receiver(setting_changed)
def _installed_apps_changed(*, setting, **kwargs):
    if setting in {"INSTALLED_APPS", "CORE_APPS"}:
        clear_caches()
