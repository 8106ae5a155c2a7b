"""The Plan page, included by :mod:`trajectories.urls` (its items use the generic item pages)."""

from django.urls import path

from trajectories.plan import views

urlpatterns = [
    path("<int:pk>/plan/", views.plan, name="plan"),
]
