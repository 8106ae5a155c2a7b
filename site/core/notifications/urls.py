from django.urls import path

from core.notifications import views

urlpatterns = [
    path("account/meldingen/", views.notification_centre, name="notification_centre"),
    path("account/meldingen/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("account/meldingen/alles-gelezen/", views.notifications_all_read, name="notifications_all_read"),
    path("account/meldingen/instellingen/", views.notification_settings, name="notification_settings"),
    path(
        "account/meldingen/afmelden/<str:token>/",
        views.notification_unsubscribe,
        name="notification_unsubscribe",
    ),
    path("account/meldingen/overzicht-afmelden/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("account/meldingen/adressen/", views.notification_address_add, name="notification_address_add"),
    path(
        "account/meldingen/adressen/bevestigen/<str:token>/",
        views.notification_address_confirm,
        name="notification_address_confirm",
    ),
    path(
        "account/meldingen/adressen/<int:pk>/verwijderen/",
        views.notification_address_remove,
        name="notification_address_remove",
    ),
]
