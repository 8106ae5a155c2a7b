"""The core's pages, mounted at the site root through the ``register_urls`` hook (core/wagtail_hooks.py): each
room's ``urls.py``, without a namespace (the URL names are the site's: ``profile``, ``notification_centre`` …)."""

from django.urls import include, path

urlpatterns = [
    path("", include("core.health.urls")),
    path("", include("core.accounts.urls")),
    path("", include("core.notifications.urls")),
    path("", include("core.invitations.urls")),
    path("", include("core.role_requests.urls")),
    path("", include("core.privacy.urls")),
    path("", include("core.search.urls")),
]
