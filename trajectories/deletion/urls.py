from django.urls import path

from trajectories.deletion import views

urlpatterns = [
    path("<int:pk>/verwijderverzoek/", views.request_space, name="deletion_request_space"),
    path(
        "<int:pk>/verwijderverzoek/<slug:segment>/<int:item_id>/",
        views.request_item,
        name="deletion_request_item",
    ),
    path("<int:pk>/verwijderverzoek/<int:request_id>/bevestigen/", views.confirm, name="deletion_confirm"),
    path("<int:pk>/verwijderverzoek/<int:request_id>/weigeren/", views.decline, name="deletion_decline"),
]
