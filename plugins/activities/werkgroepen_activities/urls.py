"""The plugin's pages, mounted at /activiteiten/ (``register_urls``)."""

from django.urls import path

from werkgroepen_activities.activities import views

app_name = "werkgroepen_activities"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<slug:organisation_slug>/", views.activity_list, name="list"),
    path("<slug:organisation_slug>/beheer/", views.activity_mine, name="mine"),
    path("<slug:organisation_slug>/beheer/nieuw/", views.activity_edit, name="add"),
    path("<slug:organisation_slug>/grondgebied/", views.territory_activities, name="territory"),
    path("<slug:organisation_slug>/grondgebied/organisaties/", views.territory_organisations, name="organisations"),
    path("<slug:organisation_slug>/<int:pk>/", views.activity_detail, name="detail"),
    path("<slug:organisation_slug>/<int:pk>/bewerken/", views.activity_edit, name="edit"),
    path("<slug:organisation_slug>/<int:pk>/ical/", views.activity_ical, name="ical"),
    path("<slug:organisation_slug>/<int:pk>/melden/", views.activity_report_view, name="report"),
    path("<slug:organisation_slug>/<int:pk>/publiceren/", views.activity_publish_view, name="publish"),
    path("<slug:organisation_slug>/<int:pk>/depubliceren/", views.activity_depublish_view, name="depublish"),
    path(
        "<slug:organisation_slug>/<int:pk>/meldingen-afhandelen/", views.activity_reports_resolve_view, name="resolve"
    ),
]
