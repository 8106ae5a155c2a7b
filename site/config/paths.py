"""Puts the project's source folders on sys.path; imported by wsgi/asgi and the test configuration."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

for path in (ROOT / "site", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))
