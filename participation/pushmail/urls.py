from django.urls import path

from participation.pushmail import views

urlpatterns = [
    path("werkgroep/<int:theme_id>/pushmail/", views.compose, name="push_mail_compose"),
    path("mijn/pushmails/", views.sent_list, name="push_mail_list"),
    path("pushmails/<int:pk>/", views.detail, name="push_mail_detail"),
]
