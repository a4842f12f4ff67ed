"""Werk zoeken (namespace ``vacatures``, mounted at ``vacatures/``). Ids only in URLs; clients by UUID."""

from django.urls import path

from . import views

app_name = "vacatures"

urlpatterns = [
    path("", views.vacature_list, name="vacature-list"),
    path("nieuw/", views.vacature_create, name="vacature-create"),
    path("<int:vacature_id>/", views.vacature_detail, name="vacature-detail"),
    path("<int:vacature_id>/wijzigen/", views.vacature_update, name="vacature-update"),
    path("<int:vacature_id>/overzicht/", views.vacature_overview, name="vacature-overview"),
    path("<int:vacature_id>/voordragen/<uuid:client_id>/", views.voordracht_create, name="voordracht-create"),
    path("voordrachten/<int:voordracht_id>/", views.voordracht_detail, name="voordracht-detail"),
    path("voordrachten/<int:voordracht_id>/aan-het-werk/", views.voordracht_start_work, name="voordracht-start-work"),
    path("clienten/<uuid:client_id>/", views.client_vacatures, name="client-vacatures"),
    path("clienten/<uuid:client_id>/zichtbaarheid/", views.coach_consent, name="coach-consent"),
    path("mijn/", views.portal, name="portal"),
    path("mijn/zichtbaarheid/", views.portal_consent, name="portal-consent"),
]
