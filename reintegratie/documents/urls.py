from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path(
        "clienten/<uuid:client_id>/afspraken/<int:afspraak_id>/uitnodigen/",
        views.afspraak_invite,
        name="afspraak-invite",
    ),
    path("clienten/<uuid:client_id>/voortgangsrapportage/", views.progress_report_create, name="progress-report"),
    path("brieven/<uuid:brief_id>/download/", views.brief_download, name="brief-download"),
    path("brieven/<uuid:brief_id>/opnieuw/", views.brief_retry, name="brief-retry"),
    path("brieven/voorbeeld/<str:kind>/", views.brief_preview, name="brief-preview"),
]
