"""Pages of the spaces and their people, included by :mod:`trajectories.urls`."""

from django.urls import path

from trajectories.spaces import views

urlpatterns = [
    path("", views.my_spaces, name="my_spaces"),
    path("nieuw/", views.start, name="start"),
    path("mijn-stijl/", views.look, name="look"),
    path("uitnodiging/", views.invitation, name="invitation"),
    path("uitnodiging/<str:token>/", views.invitation_open, name="invitation_open"),
    path("uitnodigingen/<int:participant_id>/antwoord/", views.invitation_respond, name="invitation_respond"),
    path("<int:pk>/", views.overview, name="overview"),
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
    path("<int:pk>/blijft-lezen/", views.keep_readers, name="keep_readers"),
    path("<int:pk>/geboortedatum/", views.birth_date, name="birth_date"),
]
