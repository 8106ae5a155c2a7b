from django.urls import path

from participation.theme_digests import views

urlpatterns = [
    path("werkgroep/<int:theme_id>/overzichten/", views.digest_list, name="digest_list"),
    path("werkgroep/<int:theme_id>/overzichten/nieuw/", views.digest_compose, name="digest_compose"),
    path("overzichten/<int:pk>/", views.digest_detail, name="digest_detail"),
]
