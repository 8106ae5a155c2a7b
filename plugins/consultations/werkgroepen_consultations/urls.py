"""The plugin's pages beside the consultation pages themselves, mounted at /raadplegingen/ (register_urls)."""

from django.urls import path

from werkgroepen_consultations.consultation import views

app_name = "consultations"

urlpatterns = [
    path("<int:pk>/enquete/", views.survey, name="survey"),
    path("<int:pk>/stemmen/", views.vote, name="vote"),
    path("<int:pk>/scenarios/", views.scenario_ranking, name="scenarios"),
    path("<int:pk>/pins/", views.pin, name="pin"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("pins/<int:pin_pk>/reageer/", views.pin_reaction, name="pin_reaction"),
    path("pins/<int:pin_pk>/modereer/", views.moderate_pin, name="moderate_pin"),
    path("reacties/<int:reaction_pk>/modereer/", views.moderate_reaction, name="moderate_reaction"),
    path("antwoorden/<int:answer_pk>/modereer/", views.moderate_answer, name="moderate_answer"),
    path("redenen/<int:ballot_pk>/modereer/", views.moderate_reason, name="moderate_reason"),
]
