"""Berichten (namespace ``berichten``, mounted at ``berichten/``). Ids only in URLs; clients by UUID."""

from django.urls import path

from . import views

app_name = "berichten"

urlpatterns = [
    path("clienten/<uuid:client_id>/", views.client_thread, name="client-thread"),
    path("mijn/", views.portal_thread, name="portal-thread"),
    path("<int:bericht_id>/contactmoment/", views.bericht_contactmoment, name="bericht-contactmoment"),
    path("<int:bericht_id>/afhandelen/", views.bericht_close, name="bericht-close"),
    path("groep/", views.group_create, name="group-create"),
    path("team/", views.team_queue, name="team-queue"),
]
