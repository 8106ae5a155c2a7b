"""System checks: misconfigured plugins fail at start-up (``manage.py check``, ``migrate``, ``runserver``),
not at the first request.

- ``werkgroepen.E001``: an app or plugin of ours registers a hook name that is neither in the catalogue
  (config/hooks.py) nor one Wagtail calls: a typo that would otherwise do nothing, silently.
- ``werkgroepen.E002``: a discovered plugin's AppConfig does not subclass ``config.plugins.PluginConfig``.
- ``werkgroepen.E003``: a function on a scoped catalogue hook belongs neither to the core nor to an installed
  plugin, so no organisation could switch it off.
- ``werkgroepen.E004``: a plugin states a ``werkgroepen_compatibility`` this core does not satisfy.
- ``werkgroepen.E005``: two-step secrets cannot be encrypted: ``WERKGROEPEN_MFA_KEYS`` is empty or holds a key
  that is not a Fernet key, or ``MFA_ADAPTER`` is not the encrypting adapter (core/mfa.py).

Imported by ``CoreConfig.ready`` (registering them is Django's wiring, not a hook).
"""

import functools
import importlib.util
import os
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, register
from django.utils.module_loading import import_string
from wagtail import hooks as wagtail_hooks

from config.hooks import CATALOGUE, origin_module
from config.mfa_keys import GENERATE, keys_problem
from config.plugins import PluginConfig, installed_plugins, is_core_module, plugin_for_module
from core.mfa import MFAAdapter

# Where Wagtail names a hook it calls: get_hooks("x"), run_hook("x"), hook_name="x",
# register_hook_name="x", construct_queryset_hook_name = "x", {% hook_output 'x' %}.
HOOK_NAME_IN_SOURCE = re.compile(r"""(?:hooks?\w*\s*(?:\(\s*|=\s*)|hook_output\s+)["']([a-z][a-z0-9_]*)["']""")
PACKAGES_THAT_CALL_HOOKS = ("wagtail", "wagtail_modeladmin")
SKIPPED_FOLDERS = {"tests", "test", "static", "locale", "node_modules", "migrations", "__pycache__"}


@functools.cache
def wagtail_hook_names():
    """Every hook name Wagtail (and wagtail-modeladmin) calls, read once from their Python and template sources."""
    names = set()
    for package in PACKAGES_THAT_CALL_HOOKS:
        spec = importlib.util.find_spec(package)
        for folder in (spec.submodule_search_locations or []) if spec else []:
            for path, folders, files in os.walk(folder):
                folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS]
                for file in files:
                    if not file.endswith((".py", ".html")):
                        continue
                    source = Path(path, file).read_bytes()
                    if b"hook" in source:
                        names.update(HOOK_NAME_IN_SOURCE.findall(source.decode("utf-8", errors="ignore")))
    return frozenset(names)


def _registrations():
    wagtail_hooks.search_for_hooks()
    # Wagtail keeps no public list of registered names; _hooks is the registry itself.
    return sorted(wagtail_hooks._hooks.items())


def _describe(fn):
    return f"{origin_module(fn)}.{getattr(fn, '__qualname__', type(fn).__name__)}"


@register(Tags.compatibility)
def check_hook_names(app_configs=None, **kwargs):
    """werkgroepen.E001: our apps and plugins register only catalogue hooks or Wagtail's own."""
    known = set(CATALOGUE) | wagtail_hook_names()
    errors = []
    for name, registered in _registrations():
        if name in known:
            continue
        for fn, _order in registered:
            module = origin_module(fn)
            if is_core_module(module) or plugin_for_module(module) is not None:
                errors.append(
                    Error(
                        f"Unknown hook name {name!r} registered by {_describe(fn)}.",
                        hint="Use a hook of the catalogue in config/hooks.py (or add it there, with a docstring), "
                        "or one of Wagtail's own hooks.",
                        obj=module,
                        id="werkgroepen.E001",
                    )
                )
    return errors


def _app_config_for(entry):
    """The AppConfig that the INSTALLED_APPS entry `entry` (a module or an AppConfig path) became."""
    for config in apps.get_app_configs():
        if entry in (config.name, f"{type(config).__module__}.{type(config).__qualname__}"):
            return config
    return None


@register(Tags.compatibility)
def check_plugins(app_configs=None, **kwargs):
    """werkgroepen.E002 and E004: every discovered plugin has a PluginConfig that fits this core."""
    errors = []
    for entry in getattr(settings, "WERKGROEPEN_PLUGINS", ()):
        config = _app_config_for(entry)
        if not isinstance(config, PluginConfig):
            errors.append(
                Error(
                    f"Plugin {entry!r} does not have an AppConfig subclassing config.plugins.PluginConfig.",
                    hint="Define exactly one subclass of config.plugins.PluginConfig in the plugin's apps.py "
                    "(or point the entry point at it).",
                    obj=entry,
                    id="werkgroepen.E002",
                )
            )
    for config in installed_plugins():
        problem = config.compatibility_problem()
        if problem:
            errors.append(
                Error(
                    f"Plugin {config.label!r} cannot run here: {problem}.",
                    hint="Install a version of the plugin made for this Werkgroepen, or exclude it with "
                    "WERKGROEPEN_PLUGINS_EXCLUDE.",
                    obj=config,
                    id="werkgroepen.E004",
                )
            )
    return errors


@register(Tags.compatibility)
def check_hook_owners(app_configs=None, **kwargs):
    """werkgroepen.E003: every function on a scoped hook is core code or part of an installed plugin."""
    errors = []
    for name, registered in _registrations():
        hook = CATALOGUE.get(name)
        if hook is None or not hook.scoped:
            continue
        for fn, _order in registered:
            module = origin_module(fn)
            if is_core_module(module) or plugin_for_module(module) is not None:
                continue
            errors.append(
                Error(
                    f"{_describe(fn)} is registered for {name!r} but belongs to no Werkgroepen plugin, "
                    "so organisations cannot switch it off.",
                    hint="Define hook functions inside the package of a plugin (an app whose AppConfig "
                    "subclasses config.plugins.PluginConfig).",
                    obj=module,
                    id="werkgroepen.E003",
                )
            )
    return errors


@register(Tags.security)
def check_mfa_encryption(app_configs=None, **kwargs):
    """werkgroepen.E005: two-step secrets are encrypted with usable keys (never stored or read in the clear)."""
    errors = []
    problem = keys_problem(getattr(settings, "WERKGROEPEN_MFA_KEYS", None))
    if problem:
        errors.append(Error(problem, hint=f"Generate a key with `{GENERATE}` and set it.", id="werkgroepen.E005"))
    adapter = getattr(settings, "MFA_ADAPTER", "")
    if not (adapter and issubclass(import_string(adapter), MFAAdapter)):
        errors.append(
            Error(
                f"MFA_ADAPTER is {adapter!r}: two-step secrets would be stored in the clear.",
                hint="Set MFA_ADAPTER to 'core.mfa.MFAAdapter' (or a subclass of it).",
                id="werkgroepen.E005",
            )
        )
    return errors
