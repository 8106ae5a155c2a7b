from django.urls import path

from participation.groups import views

urlpatterns = [
    path("werkgroep/<int:theme_id>/lid-worden/", views.join, name="join"),
    path("werkgroep/<int:theme_id>/verlaten/", views.leave, name="leave"),
]
