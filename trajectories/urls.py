from django.urls import path

from trajectories import views
from trajectories.messaging.urls import urlpatterns as message_urlpatterns
from trajectories.network.urls import urlpatterns as network_urlpatterns
from trajectories.urls_tools import urlpatterns as tool_urlpatterns

app_name = "trajectories"

# Fixed pages of a space come before the item pages (<segment>/…): item kinds may not use these names
# (trajectories.registry.RESERVED_SEGMENTS, checked at start-up).
urlpatterns = [
    path("", views.my_spaces, name="my_spaces"),
    path("nieuw/", views.start, name="start"),
    path("uitnodiging/", views.invitation, name="invitation"),
    path("uitnodiging/<str:token>/", views.invitation_open, name="invitation_open"),
    path("uitnodigingen/<int:participant_id>/antwoord/", views.invitation_respond, name="invitation_respond"),
    path("<int:pk>/", views.overview, name="overview"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/logboek/", views.logbook, name="logbook"),
    path("<int:pk>/deelnemers/", views.participants, name="participants"),
    path("<int:pk>/deelnemers/uitnodigen/", views.invite, name="invite"),
    path("<int:pk>/deelnemers/<int:participant_id>/", views.participant_edit, name="participant_edit"),
    path("<int:pk>/deelnemers/<int:participant_id>/verwijderen/", views.participant_remove, name="participant_remove"),
    path(
        "<int:pk>/deelnemers/<int:participant_id>/opnieuw-uitnodigen/",
        views.invitation_resend,
        name="invitation_resend",
    ),
    path("<int:pk>/regie/", views.regie, name="regie"),
    path("<int:pk>/afsluiten/", views.close, name="close"),
    path("<int:pk>/heropenen/", views.reopen, name="reopen"),
    path("<int:pk>/wie-ziet-wat/", views.who_sees, name="who_sees"),
    path("<int:pk>/toegangslog/", views.access_log, name="access_log"),
    *tool_urlpatterns,  # Agenda and Documenten (trajectories/urls_tools.py)
    *message_urlpatterns,  # Berichten (trajectories/messaging/urls.py)
    *network_urlpatterns,  # Netwerk (trajectories/network/urls.py)
    path("<int:pk>/<slug:segment>/nieuw/", views.item_create, name="item_create"),
    path("<int:pk>/<slug:segment>/<int:item_id>/", views.item, name="item"),
    path("<int:pk>/<slug:segment>/<int:item_id>/wie-mag-dit-zien/", views.item_audience, name="item_audience"),
    path("<int:pk>/<slug:segment>/<int:item_id>/verwijderen/", views.item_delete, name="item_delete"),
]
