"""Which outside sites may frame a theme's widget (seed 001: the municipality shows the platform on its own site).

Origins are written one per line by editors; the widget's Content-Security-Policy ``frame-ancestors`` lists
exactly these, so a browser refuses to show the widget anywhere else.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _origin(line):
    parts = urlsplit(line.strip())
    if parts.scheme not in ("https", "http") or not parts.hostname:
        return None
    if parts.username or parts.password or parts.query or parts.fragment or parts.path not in ("", "/"):
        return None
    host = parts.hostname.lower()
    if any(char in host for char in "*;'\" "):
        return None
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}"


def parse_embed_origins(text):
    """The valid origins in `text`, one per line, normalised and without duplicates (invalid lines are skipped)."""
    origins = []
    for line in (text or "").splitlines():
        if line.strip():
            origin = _origin(line)
            if origin and origin not in origins:
                origins.append(origin)
    return origins


def validate_embed_origins(text):
    bad = [line.strip() for line in (text or "").splitlines() if line.strip() and _origin(line) is None]
    if bad:
        raise ValidationError(
            _("Not a web address of a site (e.g. https://www.houtem.be): %(lines)s") % {"lines": ", ".join(bad)}
        )
