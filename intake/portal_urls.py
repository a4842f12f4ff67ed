"""The client's intake in Mijn re-integratie: added to the ``portal`` namespace (``mijn/``) through the
client registry (``intake/client_sections.py``)."""

from django.urls import path

from . import portal_views

urlpatterns = [
    path("intake/", portal_views.intake, name="intake"),
]
