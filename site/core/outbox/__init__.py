"""The outbox room of the core (see its modules).

TRANSITION (issue 10): until participation and trajectories import this room's ``services`` (and the rest of the
old → new table of docs/architecture.md), ``from core.outbox import <name>`` still finds the names the flat module
``core/outbox.py`` had. Delete :func:`__getattr__` once nothing imports the room itself
(tests/test_architecture.py lists the imports left).
"""

import importlib

_MODULES = ("services",)


def __getattr__(name):
    # Lazy on purpose: this package is imported while Django loads the models, before its services may be.
    for module in _MODULES:
        found = importlib.import_module(f"core.outbox.{module}")
        if hasattr(found, name):
            return getattr(found, name)
    raise AttributeError(f"module 'core.outbox' has no attribute {name!r}")
