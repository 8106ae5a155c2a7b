"""URLs of Berichten, included by trajectories.urls before the generic item pages."""

from django.urls import path

from trajectories.messaging import views

urlpatterns = [
    path("<int:pk>/berichten/", views.thread_list, name="messages"),
    path("<int:pk>/berichten/nieuw/", views.thread_create, name="thread_create"),
    path("<int:pk>/berichten/<int:thread_id>/", views.thread, name="thread"),
    path("<int:pk>/berichten/<int:thread_id>/nieuw-sinds/", views.poll, name="thread_poll"),
]
