"""The history pages of an item of any kind that keeps one (``SpaceItem.VERSIONED_FIELDS``), included by
:mod:`trajectories.urls` before the generic item pages."""

from django.urls import path

from trajectories.history import views

urlpatterns = [
    path("<int:pk>/<slug:segment>/<int:item_id>/geschiedenis/", views.history, name="item_history"),
    path(
        "<int:pk>/<slug:segment>/<int:item_id>/geschiedenis/vergelijken/",
        views.history_compare,
        name="item_history_compare",
    ),
    path(
        "<int:pk>/<slug:segment>/<int:item_id>/geschiedenis/<int:number>/terugzetten/",
        views.history_restore,
        name="item_history_restore",
    ),
]
