"""URLs of Netwerk, included by trajectories.urls before the generic item pages."""

from django.urls import path

from trajectories.network import views

urlpatterns = [
    path("<int:pk>/netwerk/", views.network, name="network"),
    path("<int:pk>/netwerk/mijn-contactgegevens/", views.work_contact, name="work_contact"),
    path("<int:pk>/netwerk/mijn-kaart/", views.my_map, name="my_social_map"),
    path("<int:pk>/netwerk/mijn-kaart/delen/", views.my_map_share, name="my_social_map_share"),
    path(
        "<int:pk>/netwerk/mijn-kaart/<int:person_id>/verwijderen/",
        views.my_map_remove,
        name="my_social_map_remove",
    ),
    path("<int:pk>/netwerk/kaarten/<int:map_id>/", views.social_map, name="social_map"),
]
