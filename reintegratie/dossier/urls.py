"""The dossier (namespace ``dossier``, mounted at ``dossier/``). Ids only in URLs; clients by UUID."""

from django.urls import path

from . import views

app_name = "dossier"

urlpatterns = [
    path("clienten/<uuid:client_id>/", views.client_documents, name="client-documents"),
    path("mijn/", views.portal_documents, name="portal-documents"),
    path("<int:document_id>/download/", views.document_download, name="document-download"),
]
