from django.urls import path

from trajectories.majority import views

urlpatterns = [
    path("<int:pk>/meerderjarig/", views.majority_page, name="majority"),
    path("<int:pk>/meerderjarig/ouders/", views.keep_parents, name="majority_parents"),
]
