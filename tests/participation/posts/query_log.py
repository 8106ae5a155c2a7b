"""Which code caused each database query of a request: for the query-count tests' reports (PERF-02)."""

import traceback
from collections import defaultdict
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[3]  # the repository (this file is in tests/participation/posts/)
OWN = ("participation/", "themes/", "site/core/", "site/config/", "trajectories/", "templates/")
PASS_THROUGH = ("site/core/middleware.py", "site/core/request_cache.py")  # they only call on
LAZY = ("django/contrib/sessions/", "django/contrib/auth/")


def _short(filename):
    """A path from the repository or from site-packages (``wagtail/…``, ``django/…``)."""
    parts = Path(filename).parts
    if "site-packages" in parts:
        return "/".join(parts[parts.index("site-packages") + 1 :])
    try:
        return str(Path(filename).relative_to(ROOT))
    except ValueError:
        return filename


def _cause(stack):
    """The innermost frame of the project (not the tests), and the outermost and innermost Wagtail frames
    below it; a query of the session or the user (read lazily, on first use) says so."""
    own, wagtail, lazy = None, [], None
    for frame in stack:
        name = _short(frame.filename)
        if name.startswith(OWN) and not name.startswith(PASS_THROUGH):
            own, wagtail, lazy = f"{name}:{frame.lineno} {frame.name}", [], None
        elif name.startswith("wagtail/"):
            wagtail.append(f"{name}:{frame.lineno} {frame.name}")
        elif name.startswith(LAZY) and lazy is None:
            lazy = "session and user (request.user, read on first use)"
    if len(wagtail) > 1 and wagtail[0] != wagtail[-1]:
        wagtail = [wagtail[0], wagtail[-1]]
    parts = ([lazy] if lazy else []) + ([own] if own else []) + wagtail
    return " ← ".join(parts) if parts else "django"


class QueryLog:
    """``with QueryLog() as log:`` records every query with the code that caused it."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        self.queries.append((sql, _cause(traceback.extract_stack()[:-1])))
        return execute(sql, params, many, context)

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def __len__(self):
        return len(self.queries)

    def report(self, title=""):
        """The queries grouped by cause, in the order they first ran."""
        groups = defaultdict(list)
        for sql, cause in self.queries:
            groups[cause].append(sql)
        lines = [f"{title}: {len(self.queries)} queries" if title else f"{len(self.queries)} queries"]
        for cause, statements in groups.items():
            lines.append(f"  {len(statements):>2} × {cause}")
            for sql in statements:
                lines.append(f"       {sql[:160]}")
        return "\n".join(lines)
