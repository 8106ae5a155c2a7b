"""Pages of the trajectory's phases, included by :mod:`trajectories.urls`."""

from django.urls import path

from trajectories.blueprints import views

urlpatterns = [
    path("<int:pk>/traject/", views.phases_page, name="phases"),
    path("<int:pk>/traject/verder/", views.advance, name="phase_advance"),
    path("<int:pk>/traject/ondertekenen/<int:document_id>/wie/", views.signers, name="signers"),
    path("<int:pk>/traject/ondertekenen/<int:document_id>/", views.sign, name="sign"),
]
