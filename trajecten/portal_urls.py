"""The client's plan in Mijn re-integratie: added to the ``portal`` namespace (``mijn/``) through the
client registry (``trajecten/client_sections.py``)."""

from django.urls import path

from . import portal_views

urlpatterns = [
    path("plan/", portal_views.plan, name="plan"),
    path("plan/acties/<int:actie_id>/gedaan/", portal_views.actie_done, name="actie-done"),
]
