from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

handler500 = "reintegratie.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("account/", include("reintegratie.accounts.urls")),
    path("mijn/", include("clients.portal_urls")),
    path("aanbieder/", views.aanbieder_home, name="aanbieder-home"),
    path("", include("clients.urls")),
    path("", include("reintegratie.documents.urls")),
    path("", include("intake.urls")),
    path("", include("trajecten.urls")),
    path("vacatures/", include("reintegratie.vacatures.urls")),
    path("dossier/", include("reintegratie.dossier.urls")),
    path("berichten/", include("reintegratie.berichten.urls")),
    path("rapportage/", include("reintegratie.reports.urls")),
    path("", include("klachten.urls")),
    path("bewaren/", include("reintegratie.bewaren.urls")),
    path("", include("reintegratie.privacy.urls")),
    path("beheer/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
