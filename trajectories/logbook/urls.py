"""The Logbook page, included by :mod:`trajectories.urls` (its entries use the generic item pages)."""

from django.urls import path

from trajectories.logbook import views

urlpatterns = [
    path("<int:pk>/logboek/", views.logbook, name="logbook"),
]
