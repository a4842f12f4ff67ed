"""Mijn re-integratie: the client portal (namespace ``portal``, mounted at ``mijn/``)."""

from django.urls import path

from . import portal_afspraken, portal_inzage, portal_zaken, timeline_views
from . import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("plan/acties/<int:actie_id>/gedaan/", views.actie_done, name="actie-done"),
    path("afspraken/", portal_afspraken.afspraken, name="afspraken"),
    path("afspraken/<int:afspraak_id>/bevestigen/", portal_afspraken.afspraak_confirm, name="afspraak-confirm"),
    path("afspraken/<int:afspraak_id>/afzeggen/", portal_afspraken.afspraak_cancel, name="afspraak-cancel"),
    path(
        "afspraken/<int:afspraak_id>/andere-tijd/", portal_afspraken.afspraak_move_request, name="afspraak-move-request"
    ),
    path("afspraken/<int:afspraak_id>/agenda.ics", portal_afspraken.afspraak_ics_download, name="afspraak-ics"),
    path("brieven/", views.brieven, name="brieven"),
    path("tijdlijn/", timeline_views.portal_timeline, name="tijdlijn"),
    path("intake/", views.intake, name="intake"),
    path("inzage/", portal_inzage.inzage, name="inzage"),
    path("zaken/", portal_zaken.zaken, name="zaken"),
    path("zaken/<int:zaak_id>/", portal_zaken.zaak_detail, name="zaak-detail"),
    path("zaken/klacht/", portal_zaken.klacht_create, name="klacht-create"),
    path("zaken/bezwaar/", portal_zaken.bezwaar_create, name="bezwaar-create"),
]
