"""The pages of the collaboration spaces (``/werkruimte/…``, mounted through ``register_urls`` in
:mod:`trajectories.wagtail_hooks`): each room's URLs, URL names ``trajectories:…``.

Fixed pages of a space come before the generic item pages (``<space>/<segment>/…``, :mod:`trajectories.items.urls`,
last): item kinds may not use their names (``trajectories.items.checks.RESERVED_SEGMENTS``, checked at start-up).
"""

from django.urls import include, path

app_name = "trajectories"

urlpatterns = [
    path("", include("trajectories.spaces.urls")),
    path("", include("trajectories.plan.urls")),
    path("", include("trajectories.logbook.urls")),
    path("", include("trajectories.audit.urls")),
    path("", include("trajectories.agenda.urls")),
    path("", include("trajectories.documents.urls")),
    path("", include("trajectories.messaging.urls")),
    path("", include("trajectories.network.urls")),
    path("", include("trajectories.deletion.urls")),
    path("", include("trajectories.export.urls")),
    path("", include("trajectories.transfer.urls")),
    path("", include("trajectories.history.urls")),
    path("", include("trajectories.majority.urls")),
    path("", include("trajectories.blueprints.urls")),
    path("", include("trajectories.items.urls")),  # the generic item pages: last
]
