from django.urls import path

from core.invitations import views

urlpatterns = [
    path("uitnodiging/verder/", views.invitation_continue, name="invitation_continue"),
    path("uitnodiging/afmelden/", views.invitation_logout, name="invitation_logout"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
]
