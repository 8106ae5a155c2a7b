from django.urls import path

from core.privacy import views

urlpatterns = [
    path("account/mijn-gegevens/", views.my_data, name="my_data"),
    path("account/mijn-gegevens/export/", views.my_data_export, name="my_data_export"),
    path("account/mijn-gegevens/download/<uuid:public_id>/", views.my_data_download, name="my_data_download"),
    path("account/mijn-gegevens/verwijderen/", views.account_delete, name="account_delete"),
]
