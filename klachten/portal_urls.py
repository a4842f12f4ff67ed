"""The client's zaken in Mijn re-integratie: added to the ``portal`` namespace (``mijn/``) through the
client registry (``klachten/client_sections.py``), so ``clients`` does not import klachten."""

from django.urls import path

from . import portal_views

urlpatterns = [
    path("zaken/", portal_views.zaken, name="zaken"),
    path("zaken/<int:zaak_id>/", portal_views.zaak_detail, name="zaak-detail"),
    path("zaken/klacht/", portal_views.klacht_create, name="klacht-create"),
    path("zaken/bezwaar/", portal_views.bezwaar_create, name="bezwaar-create"),
]
