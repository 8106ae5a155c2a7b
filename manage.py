#!/usr/bin/env python
"""Django's command-line utility for Werkgroepen.

`site/` holds the project package `config` and the site-wide app `core`; it is a plain folder
(not a package) because `site` is a standard-library module name, so it is put on sys.path here.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
for path in (ROOT / "site", ROOT):
    if str(path) not in sys.path:
        sys.path.insert(0, str(path))

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
