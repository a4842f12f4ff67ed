from django.urls import path

from . import afspraak_views, letter_views, timeline_views, views

app_name = "clients"

urlpatterns = [
    path("clienten/", views.caseload, name="caseload"),
    path("clienten/nieuw/", views.client_create, name="client-create"),
    path("clienten/<uuid:client_id>/", views.client_detail, name="client-detail"),
    path("clienten/<uuid:client_id>/wijzigen/", views.client_update, name="client-update"),
    path("clienten/<uuid:client_id>/tijdlijn/", timeline_views.client_timeline, name="client-timeline"),
    path(
        "clienten/<uuid:client_id>/contactmomenten/nieuw/",
        views.contactmoment_create,
        name="contactmoment-create",
    ),
    path("clienten/<uuid:client_id>/afspraken/nieuw/", views.afspraak_create, name="afspraak-create"),
    path(
        "clienten/<uuid:client_id>/afspraken/<int:afspraak_id>/uitkomst/",
        views.afspraak_outcome,
        name="afspraak-outcome",
    ),
    path(
        "clienten/<uuid:client_id>/afspraken/<int:afspraak_id>/verzetten/",
        afspraak_views.afspraak_move,
        name="afspraak-move",
    ),
    path(
        "clienten/<uuid:client_id>/afspraken/<int:afspraak_id>/agenda.ics",
        afspraak_views.afspraak_ics_download,
        name="afspraak-ics",
    ),
    path(
        "clienten/<uuid:client_id>/overdrachten/<int:overdracht_id>/gelezen/",
        views.overdracht_acknowledge,
        name="overdracht-acknowledge",
    ),
    path("clienten/<uuid:client_id>/overdragen/", views.client_reassign, name="client-reassign"),
    path("clienten/<uuid:client_id>/taken/<int:taak_id>/afgehandeld/", views.taak_done, name="taak-done"),
    path("clienten/<uuid:client_id>/mijn-account/", views.portal_invite, name="portal-invite"),
    path("team/", views.team_overview, name="team-overview"),
    path(
        "clienten/<uuid:client_id>/afspraken/<int:afspraak_id>/uitnodigen/",
        letter_views.afspraak_invite,
        name="afspraak-invite",
    ),
    path(
        "clienten/<uuid:client_id>/voortgangsrapportage/",
        letter_views.progress_report_create,
        name="progress-report",
    ),
]
