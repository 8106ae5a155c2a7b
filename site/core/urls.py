"""The core's pages, mounted at the site root through the ``register_urls`` hook (core/wagtail_hooks.py)."""

from django.urls import include, path

from core import account_views, digest_views, invitation_views, notification_views
from core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("readyz", core_views.readyz, name="readyz"),
    path("account/", include("allauth.urls")),
    path("account/profiel/", core_views.profile, name="profile"),
    path("account/meldingen/", notification_views.notification_centre, name="notification_centre"),
    path("account/meldingen/<int:pk>/open/", notification_views.notification_open, name="notification_open"),
    path("account/meldingen/instellingen/", notification_views.notification_settings, name="notification_settings"),
    path(
        "account/meldingen/afmelden/<str:token>/",
        notification_views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
    path(
        "account/meldingen/overzicht-afmelden/<str:token>/", digest_views.digest_unsubscribe, name="digest_unsubscribe"
    ),
    path("account/meldingen/adressen/", notification_views.notification_address_add, name="notification_address_add"),
    path(
        "account/meldingen/adressen/bevestigen/<str:token>/",
        notification_views.notification_address_confirm,
        name="notification_address_confirm",
    ),
    path(
        "account/meldingen/adressen/<int:pk>/verwijderen/",
        notification_views.notification_address_remove,
        name="notification_address_remove",
    ),
    # Invitations, role requests, "Mijn gegevens" (stream accounts)
    path("uitnodiging/verder/", invitation_views.invitation_continue, name="invitation_continue"),
    path("uitnodiging/afmelden/", invitation_views.invitation_logout, name="invitation_logout"),
    path("uitnodiging/<str:token>/", invitation_views.invitation, name="invitation"),
    path("account/rechten-aanvragen/", account_views.role_request, name="role_request"),
    path("account/mijn-gegevens/", account_views.my_data, name="my_data"),
    path("account/mijn-gegevens/export/", account_views.my_data_export, name="my_data_export"),
    path("account/mijn-gegevens/download/<uuid:public_id>/", account_views.my_data_download, name="my_data_download"),
    path("account/mijn-gegevens/verwijderen/", account_views.account_delete, name="account_delete"),
    path("zoeken/", core_views.search, name="search"),
]
