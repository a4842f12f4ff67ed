from django.urls import path

from .views import plan, plan_goals, traject

app_name = "trajecten"

P = "clienten/<uuid:client_id>/plan/<int:plan_id>/"

urlpatterns = [
    # Plan van aanpak (coach side)
    path("clienten/<uuid:client_id>/plan/", plan.plan_detail, name="plan-detail"),
    path("clienten/<uuid:client_id>/plan/nieuw/", plan.plan_create, name="plan-create"),
    path(P + "wijzigen/", plan.plan_edit, name="plan-edit"),
    path(P + "status/", plan.plan_status, name="plan-status"),
    path(P + "nieuwe-versie/", plan.plan_version, name="plan-version"),
    path(P + "doelen/nieuw/", plan_goals.doel_create, name="doel-create"),
    path(P + "doelen/uit-intake/", plan_goals.doelen_from_intake, name="doelen-from-intake"),
    path(P + "doelen/<int:doel_id>/wijzigen/", plan_goals.doel_edit, name="doel-edit"),
    path(P + "doelen/<int:doel_id>/verwijderen/", plan_goals.doel_delete, name="doel-delete"),
    path(P + "doelen/<int:doel_id>/acties/nieuw/", plan_goals.actie_create, name="actie-create"),
    path(P + "acties/<int:actie_id>/wijzigen/", plan_goals.actie_edit, name="actie-edit"),
    path(P + "acties/<int:actie_id>/verwijderen/", plan_goals.actie_delete, name="actie-delete"),
    path(P + "acties/<int:actie_id>/gedaan/", plan_goals.actie_done, name="actie-done"),
    # Trajecten, reports, outflow (coach and provider)
    path("clienten/<uuid:client_id>/trajecten/nieuw/", traject.traject_create, name="traject-create"),
    path("trajecten/<int:traject_id>/", traject.traject_detail, name="traject-detail"),
    path("trajecten/<int:traject_id>/status/", traject.traject_status, name="traject-status"),
    path("trajecten/<int:traject_id>/rapportages/nieuw/", traject.report_create, name="report-create"),
    path("clienten/<uuid:client_id>/uitstroom/nieuw/", traject.uitstroom_create, name="uitstroom-create"),
    path(
        "clienten/<uuid:client_id>/uitstroom/<int:uitstroom_id>/nameting/<int:months>/",
        traject.uitstroom_followup,
        name="uitstroom-followup",
    ),
]
