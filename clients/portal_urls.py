"""Mijn re-integratie: the client portal (namespace ``portal``, mounted at ``mijn/``)."""

from django.urls import path

from . import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("plan/acties/<int:actie_id>/gedaan/", views.actie_done, name="actie-done"),
    path("afspraken/", views.afspraken, name="afspraken"),
    path("brieven/", views.brieven, name="brieven"),
    path("intake/", views.intake, name="intake"),
    path("inzage/", views.inzage, name="inzage"),
    path("zaken/", views.zaken, name="zaken"),
    path("zaken/<int:zaak_id>/", views.zaak_detail, name="zaak-detail"),
    path("zaken/klacht/", views.klacht_create, name="klacht-create"),
    path("zaken/bezwaar/", views.bezwaar_create, name="bezwaar-create"),
]
