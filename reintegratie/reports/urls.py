from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("gemeente/", views.municipality_dashboard, name="municipality"),
    path("rapport.pdf", views.dashboard_pdf, name="dashboard-pdf"),
    path("tabel/", views.table_export, name="table-export"),
    path("exports/", views.export_create, name="export-create"),
    path("exports/<uuid:export_id>/", views.export_detail, name="export-detail"),
    path("exports/<uuid:export_id>/status/", views.export_status, name="export-status"),
    path("exports/<uuid:export_id>/download/", views.export_download, name="export-download"),
]
