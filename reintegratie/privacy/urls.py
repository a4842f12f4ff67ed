from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("clienten/<uuid:client_id>/wijzigingen/", views.client_history, name="client-history"),
    path("clienten/<uuid:client_id>/inzage/", views.staff_inzage, name="staff-inzage"),
    path("inzage/<uuid:verzoek_id>/", views.inzage_detail, name="inzage-detail"),
    path("inzage/<uuid:verzoek_id>/status/", views.inzage_status, name="inzage-status"),
    path("inzage/<uuid:verzoek_id>/download/", views.inzage_download, name="inzage-download"),
    path("mijn/mijn-gegevens/", views.portal_gegevens, name="portal-gegevens"),
    path("mijn/wijzigingen/", views.portal_history, name="portal-history"),
    path("fg/", views.fg_search, name="fg-search"),
    path("fg/raadplegingen/<uuid:raadpleging_id>/", views.fg_result, name="fg-result"),
]
