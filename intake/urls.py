from django.urls import path

from . import views

app_name = "intake"

urlpatterns = [
    path("clienten/<uuid:client_id>/intake/starten/", views.intake_start, name="intake-start"),
    path("clienten/<uuid:client_id>/intake/<int:intake_id>/", views.intake_edit, name="intake-edit"),
    path("clienten/<uuid:client_id>/intake/<int:intake_id>/samenvatting/", views.intake_detail, name="intake-detail"),
    path("clienten/<uuid:client_id>/treden/nieuw/", views.trede_create, name="trede-create"),
]
