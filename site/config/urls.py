"""The project's URLs: Wagtail's admin and documents, every app's and plugin's pages, then Wagtail's pages.

Apps and plugins mount their pages through the ``register_urls`` hook (config/hooks.py), so this file names none of
them; Wagtail's page serving comes last and answers every path nobody else claimed.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from config.hooks import REGISTER_URLS, call


def _include(mount):
    if not mount.namespace:
        return include(mount.patterns)
    if isinstance(mount.patterns, str):  # a URL module: its app_name names the application
        return include(mount.patterns, namespace=mount.namespace)
    return include((mount.patterns, mount.namespace), namespace=mount.namespace)


def mounted_urls():
    """One ``path(prefix, include(...))`` per :class:`config.hooks.UrlMount`, in their order."""
    mounts = sorted(call(REGISTER_URLS), key=lambda mount: (mount.order, mount.prefix))
    return [path(mount.prefix, _include(mount)) for mount in mounts]


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    *mounted_urls(),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL + "images/", document_root=settings.MEDIA_ROOT / "images")

urlpatterns += [path("", include(wagtail_urls))]
