from django.urls import path

from trajectories.transfer import views

urlpatterns = [
    path("<int:pk>/overdracht/", views.transfer, name="transfer"),
    path("<int:pk>/overdracht/<int:transfer_id>/toestemming/", views.consent, name="transfer_consent"),
]
