from django.urls import path

from trajectories.export import views

urlpatterns = [
    path("<int:pk>/downloaden/", views.export_page, name="export"),
    path("<int:pk>/downloaden/maken/", views.export_start, name="export_start"),
    path("<int:pk>/downloaden/<int:export_id>/", views.export_download, name="export_download"),
]
