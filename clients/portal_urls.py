"""Mijn re-integratie: the client portal (namespace ``portal``, mounted at ``mijn/``)."""

from django.urls import path

from . import portal_inzage, portal_zaken
from . import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("plan/acties/<int:actie_id>/gedaan/", views.actie_done, name="actie-done"),
    path("afspraken/", views.afspraken, name="afspraken"),
    path("brieven/", views.brieven, name="brieven"),
    path("intake/", views.intake, name="intake"),
    path("inzage/", portal_inzage.inzage, name="inzage"),
    path("zaken/", portal_zaken.zaken, name="zaken"),
    path("zaken/<int:zaak_id>/", portal_zaken.zaak_detail, name="zaak-detail"),
    path("zaken/klacht/", portal_zaken.klacht_create, name="klacht-create"),
    path("zaken/bezwaar/", portal_zaken.bezwaar_create, name="bezwaar-create"),
]
