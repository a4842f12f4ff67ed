from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("brieven/<uuid:brief_id>/download/", views.brief_download, name="brief-download"),
    path("brieven/<uuid:brief_id>/opnieuw/", views.brief_retry, name="brief-retry"),
    path("brieven/voorbeeld/<str:kind>/", views.brief_preview, name="brief-preview"),
]
