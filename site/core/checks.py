"""System checks: misconfigured plugins fail at start-up, not at the first request."""

import functools
import re
from pathlib import Path

import wagtail
from django.conf import settings
from django.core.checks import Error, Tags, register
from wagtail import hooks as wagtail_hooks

from config.hooks import CATALOGUE
from config.plugins import installed_plugins, plugin_for_module

HOOK_CALL = re.compile(r"""get_hooks\(\s*["']([a-zA-Z0-9_]+)["']""")
OUR_PACKAGES = ("core", "themes", "participation", "trajectories", "config")


@functools.cache
def wagtail_hook_names():
    """Every hook name Wagtail itself calls, read from its source once."""
    names = set()
    for source in Path(wagtail.__file__).parent.rglob("*.py"):
        names.update(HOOK_CALL.findall(source.read_text(encoding="utf-8", errors="ignore")))
    return names


def _is_ours(module):
    return module.split(".")[0] in OUR_PACKAGES or plugin_for_module(module) is not None


@register(Tags.compatibility)
def check_hook_names(app_configs=None, **kwargs):
    """werkgroepen.E001: our apps and plugins register only catalogue hooks or Wagtail's own."""
    wagtail_hooks.search_for_hooks()
    known = set(CATALOGUE) | wagtail_hook_names()
    errors = []
    for name, registered in sorted(wagtail_hooks._hooks.items()):
        if name in known:
            continue
        for fn, _order in registered:
            module = getattr(fn, "__module__", "") or ""
            if _is_ours(module):
                errors.append(
                    Error(
                        f"Unknown hook name {name!r} registered by {module}.{getattr(fn, '__name__', fn)}.",
                        hint="Use a hook of the catalogue in config/hooks.py (or add it there, with a docstring).",
                        obj=module,
                        id="werkgroepen.E001",
                    )
                )
    return errors


@register(Tags.compatibility)
def check_plugins(app_configs=None, **kwargs):
    """werkgroepen.E002: every discovered plugin's AppConfig subclasses PluginConfig."""
    from django.apps import apps

    errors = []
    plugin_labels = {config.name for config in installed_plugins()}
    for module in settings.WERKGROEPEN_PLUGINS:
        found = [config for config in apps.get_app_configs() if config.name == module]
        if not found or found[0].name not in plugin_labels:
            errors.append(
                Error(
                    f"Plugin {module!r} does not have an AppConfig subclassing config.plugins.PluginConfig.",
                    hint="Set default_app_config by defining exactly one PluginConfig subclass in the plugin's apps.py.",
                    obj=module,
                    id="werkgroepen.E002",
                )
            )
    return errors
