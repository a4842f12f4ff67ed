from django.urls import path

from . import views

app_name = "klachten"

urlpatterns = [
    path("zaken/", views.zaak_list, name="zaak-list"),
    path("zaken/jaaroverzicht/", views.jaaroverzicht, name="jaaroverzicht"),
    path("zaken/<int:zaak_id>/", views.zaak_detail, name="zaak-detail"),
    path("zaken/<int:zaak_id>/wijzigen/", views.zaak_edit, name="zaak-edit"),
    path("zaken/<int:zaak_id>/stap/<slug:step>/", views.zaak_step, name="zaak-step"),
    path("clienten/<uuid:client_id>/klachten/nieuw/", views.klacht_create, name="klacht-create"),
    path("clienten/<uuid:client_id>/maatregelen/nieuw/", views.maatregel_create, name="maatregel-create"),
    path("clienten/<uuid:client_id>/bezwaren/nieuw/", views.bezwaar_create, name="bezwaar-create"),
    path("clienten/<uuid:client_id>/signaal/", views.signaal_create, name="signaal-create"),
]
