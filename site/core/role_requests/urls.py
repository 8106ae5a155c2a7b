from django.urls import path

from core.role_requests import views

urlpatterns = [path("account/rechten-aanvragen/", views.role_request, name="role_request")]
