"""Links of the site as full addresses, for what leaves it (e-mail, feeds)."""

from django.conf import settings


def absolute(url):
    """`url` (a path of this site, or already a full address) as a full address on ``WAGTAILADMIN_BASE_URL``."""
    return url if "://" in url else f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{url}"
