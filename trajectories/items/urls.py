"""The generic item pages and "Wie ziet wat?", included by :mod:`trajectories.urls` after every tool's own pages:
``<space>/<segment>/…`` answers for a kind only where its tool has no page of its own there."""

from django.urls import path

from trajectories.items import views

urlpatterns = [
    path("<int:pk>/wie-ziet-wat/", views.who_sees, name="who_sees"),
    path("<int:pk>/<slug:segment>/nieuw/", views.item_create, name="item_create"),
    path("<int:pk>/<slug:segment>/<int:item_id>/", views.item, name="item"),
    path("<int:pk>/<slug:segment>/<int:item_id>/wie-mag-dit-zien/", views.item_audience, name="item_audience"),
    path("<int:pk>/<slug:segment>/<int:item_id>/verwijderen/", views.item_delete, name="item_delete"),
]
