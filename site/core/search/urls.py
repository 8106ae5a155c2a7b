from django.urls import path

from core.search import views

urlpatterns = [path("zoeken/", views.search, name="search")]
