"""The access log page, included by :mod:`trajectories.urls`."""

from django.urls import path

from trajectories.audit import views

urlpatterns = [
    path("<int:pk>/toegangslog/", views.access_log, name="access_log"),
]
