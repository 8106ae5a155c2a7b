"""The roles room of the core (see its modules).

TRANSITION (issue 10): until participation and trajectories import this room's ``services`` (and the rest of the
old → new table of docs/architecture.md), ``from core.roles import <name>`` still finds the names the flat module
``core/roles.py`` had. Delete :func:`__getattr__` once nothing imports the room itself
(tests/test_architecture.py lists the imports left).
"""

import importlib

_MODULES = ("services", "selectors")


def __getattr__(name):
    # Lazy on purpose: this package is imported while Django loads the models, before its services may be.
    for module in _MODULES:
        found = importlib.import_module(f"core.roles.{module}")
        if hasattr(found, name):
            return getattr(found, name)
    raise AttributeError(f"module 'core.roles' has no attribute {name!r}")
