"""The participation app's URLs (namespace ``participation``, mounted under /deelname/ by ``wagtail_hooks.py``):
each room's ``urls.py``. URL names stay those of the app (``participation:post_detail`` …), whichever room serves
them."""

from django.urls import include, path

app_name = "participation"

urlpatterns = [
    path("", include("participation.groups.urls")),
    path("", include("participation.posts.urls")),
    path("", include("participation.moderation.urls")),
    path("", include("participation.feeds.urls")),
    path("", include("participation.theme_digests.urls")),
    path("", include("participation.pushmail.urls")),
    path("", include("participation.observer_updates.urls")),
]
