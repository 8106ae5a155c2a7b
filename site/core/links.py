"""Links of the site as full addresses, for what leaves it (e-mail, feeds)."""

from django.conf import settings


def absolute(url):
    """`url` (a path of this site, or already a full address) as a full address on the site's root URL
    (``WERKGROEPEN_ROOT_URL``, which ``WAGTAILADMIN_BASE_URL`` follows)."""
    if "://" in url:
        return url
    return f"{settings.WERKGROEPEN_ROOT_URL.rstrip('/')}/{url.lstrip('/')}"
