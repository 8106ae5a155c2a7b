from django.urls import path

from participation.observer_updates import views

urlpatterns = [
    path("observator/", views.overview, name="observer_overview"),
]
