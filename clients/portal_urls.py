"""Mijn re-integratie: the client portal (namespace ``portal``, mounted at ``mijn/``).

The feature apps' portal pages (plan, intake, zaken …) join this namespace through the client
registry (``registry.portal_urls`` in their ``client_sections.py``, found when the app registry
was ready, before any URLconf is loaded), so this module imports no feature app.
"""

from django.urls import path

from . import portal_afspraken, portal_inzage, registry, timeline_views
from . import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("afspraken/", portal_afspraken.afspraken, name="afspraken"),
    path("afspraken/<int:afspraak_id>/bevestigen/", portal_afspraken.afspraak_confirm, name="afspraak-confirm"),
    path("afspraken/<int:afspraak_id>/afzeggen/", portal_afspraken.afspraak_cancel, name="afspraak-cancel"),
    path(
        "afspraken/<int:afspraak_id>/andere-tijd/", portal_afspraken.afspraak_move_request, name="afspraak-move-request"
    ),
    path("afspraken/<int:afspraak_id>/agenda.ics", portal_afspraken.afspraak_ics_download, name="afspraak-ics"),
    path("brieven/", views.brieven, name="brieven"),
    path("tijdlijn/", timeline_views.portal_timeline, name="tijdlijn"),
    path("inzage/", portal_inzage.inzage, name="inzage"),
    *registry.portal_urlpatterns(),
]
