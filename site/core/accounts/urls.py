"""Log-in, registration, password and two-step pages (allauth) and a person's own profile."""

from django.urls import include, path

from core.accounts import views

urlpatterns = [
    path("account/", include("allauth.urls")),
    path("account/profiel/", views.profile, name="profile"),
]
