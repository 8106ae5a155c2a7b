from django.urls import path

from themes.fiches import views

app_name = "themes_fiches"

urlpatterns = [
    path("<int:pk>/bewerken/", views.fiche_edit, name="edit"),
    path("vertegenwoordigen/", views.ask_to_represent, name="ask"),
    path("aanvragen/", views.requests_list, name="requests"),
    path("aanvragen/<int:pk>/beslissen/", views.request_decide, name="decide"),
]
