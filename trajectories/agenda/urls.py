"""Pages of the Agenda, included by :mod:`trajectories.urls` before the generic item pages (so the appointment page
here answers for its item URLs)."""

from django.urls import path

from trajectories.agenda import views

urlpatterns = [
    path("agenda/<str:token>.ics", views.agenda_feed, name="agenda_feed"),
    path("<int:pk>/agenda/", views.agenda_page, name="agenda"),
    path("<int:pk>/agenda/agenda-link/", views.agenda_feed_reset, name="agenda_feed_reset"),
    path("<int:pk>/agenda/voorstellen/nieuw/", views.proposal_create, name="proposal_create"),
    path("<int:pk>/agenda/voorstellen/<int:proposal_id>/", views.proposal, name="proposal"),
    path("<int:pk>/agenda/voorstellen/<int:proposal_id>/antwoorden/", views.proposal_answer, name="proposal_answer"),
    path("<int:pk>/agenda/voorstellen/<int:proposal_id>/bevestigen/", views.proposal_confirm, name="proposal_confirm"),
    path("<int:pk>/agenda-afspraken/<int:item_id>/", views.appointment, name="appointment"),
    path("<int:pk>/agenda-afspraken/<int:item_id>/afzeggen/", views.appointment_decline, name="appointment_decline"),
]
