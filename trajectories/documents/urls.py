"""Pages of the Documenten, included by :mod:`trajectories.urls` before the generic item pages (so the document
pages here answer for their item URLs)."""

from django.urls import path

from trajectories.documents import views

urlpatterns = [
    path("<int:pk>/documenten/", views.documents_page, name="documents"),
    path("<int:pk>/documenten/nieuw/", views.document_create, name="document_create"),
    path("<int:pk>/documenten/<int:item_id>/", views.document, name="document"),
    path(
        "<int:pk>/documenten/<int:item_id>/versies/<int:number>/bestand/",
        views.document_download,
        name="document_download",
    ),
]
