"""Mijn re-integratie: the client portal (namespace ``portal``, mounted at ``mijn/``).

The feature apps' portal pages (plan, intake, zaken …) join this namespace through the client
registry (``registry.portal_urls`` in their ``client_sections.py``, found when the app registry
was ready, before any URLconf is loaded), so this module imports no feature app.
"""

from django.urls import path

from . import portal_inzage, registry
from . import portal_views as views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("afspraken/", views.afspraken, name="afspraken"),
    path("brieven/", views.brieven, name="brieven"),
    path("inzage/", portal_inzage.inzage, name="inzage"),
    *registry.portal_urlpatterns(),
]
