"""Pages of the Agenda and Documenten tools, included in :mod:`trajectories.urls` before the generic item pages
(so the appointment and document pages here answer for their item URLs)."""

from django.urls import path

from trajectories import views_tools

urlpatterns = [
    path("agenda/<str:token>.ics", views_tools.agenda_feed, name="agenda_feed"),
    path("<int:pk>/agenda/", views_tools.agenda_page, name="agenda"),
    path("<int:pk>/agenda/agenda-link/", views_tools.agenda_feed_reset, name="agenda_feed_reset"),
    path("<int:pk>/agenda-afspraken/<int:item_id>/", views_tools.appointment, name="appointment"),
    path("<int:pk>/documenten/", views_tools.documents_page, name="documents"),
    path("<int:pk>/documenten/nieuw/", views_tools.document_create, name="document_create"),
    path("<int:pk>/documenten/<int:item_id>/", views_tools.document, name="document"),
    path(
        "<int:pk>/documenten/<int:item_id>/versies/<int:number>/bestand/",
        views_tools.document_download,
        name="document_download",
    ),
]
