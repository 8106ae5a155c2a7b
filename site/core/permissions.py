"""TRANSITION (issue 10): the page rule moved to :mod:`core.pages.selectors` (and ``user_roles`` to
:mod:`core.roles.selectors`, ``can_open_admin`` to :mod:`core.pages.policies`). This module keeps the old import path
working until participation and trajectories import the rooms; delete it then (tests/test_architecture.py lists the
imports left)."""

from core.pages.policies import can_open_admin
from core.pages.selectors import (
    admin_page_visible,
    admin_visible_pages,
    page_visible_to,
    path_visible_to,
    visible_pages,
)
from core.roles.selectors import user_roles

__all__ = [
    "admin_page_visible",
    "admin_visible_pages",
    "can_open_admin",
    "page_visible_to",
    "path_visible_to",
    "user_roles",
    "visible_pages",
]
