"""Plugin discovery and the plugin base class.

A plugin is an installable distribution that declares, in its pyproject.toml::

    [project.entry-points."werkgroepen.plugins"]
    activities = "werkgroepen_activities"

The entry point's value is the Django app module; its AppConfig subclasses :class:`PluginConfig`.
Settings call :func:`discover_plugins` to append the found apps to INSTALLED_APPS, minus the ones
named in ``WERKGROEPEN_PLUGINS_EXCLUDE`` (by entry-point name or by module).

An organisation switches an installed plugin on or off in the admin (``OrganisationPlugin``);
hooks of a plugin that the current organisation has not enabled are dropped by
:func:`config.hooks.call`.
"""

from __future__ import annotations

from importlib.metadata import entry_points

from django.apps import AppConfig, apps

ENTRY_POINT_GROUP = "werkgroepen.plugins"


def discover_plugins(*, exclude=()):
    """Return the app modules of the installed plugins, sorted by entry-point name, minus `exclude`."""
    excluded = set(exclude)
    found = []
    for entry_point in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
        module = entry_point.value.split(":")[0]
        if entry_point.name in excluded or module in excluded:
            continue
        if module not in found:
            found.append(module)
    return found


class PluginConfig(AppConfig):
    """Base AppConfig of every Werkgroepen plugin.

    Subclasses set ``name`` (the module), ``label``, ``verbose_name``, and:

    - ``plugin_version``: the plugin's own version string;
    - ``plugin_description``: one sentence for the admin's plugin switch;
    - ``werkgroepen_compatibility``: a version specifier of the core it works with, e.g. ``">=1.0,<2"``.
    """

    # The base class is imported into every plugin's apps.py; `default = False` keeps Django from
    # counting it when it looks for the module's one AppConfig. Subclasses are the default again.
    default = False
    plugin_version = "0"
    plugin_description = ""
    werkgroepen_compatibility = ""
    is_werkgroepen_plugin = True

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if "default" not in cls.__dict__:
            cls.default = True


def installed_plugins():
    """The AppConfigs of the installed plugins (enabled or not for any organisation)."""
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def plugin_for_module(module_name):
    """The PluginConfig whose package contains `module_name`, or None for core code."""
    best = None
    for config in installed_plugins():
        if module_name == config.name or module_name.startswith(config.name + "."):
            if best is None or len(config.name) > len(best.name):
                best = config
    return best
