from django.urls import path

from participation.feeds import views

urlpatterns = [
    path("werkgroep/<int:theme_id>/feed/", views.ThemeFeed(), name="feed"),
    path("werkgroep/<int:theme_id>/widget/", views.widget, name="widget"),
]
