"""Bewaartermijnen (namespace ``bewaren``, mounted at ``bewaren/``): the beheerder's destruction lists."""

from django.urls import path

from . import views

app_name = "bewaren"

urlpatterns = [
    path("", views.lijst_list, name="lijst-list"),
    path("<int:lijst_id>/", views.lijst_detail, name="lijst-detail"),
    path("<int:lijst_id>/gecontroleerd/", views.lijst_check, name="lijst-check"),
    path("<int:lijst_id>/goedkeuren/", views.lijst_approve, name="lijst-approve"),
    path("<int:lijst_id>/dossiers/<int:item_id>/bewaren/", views.item_exclude, name="item-exclude"),
    path("<int:lijst_id>/dossiers/<int:item_id>/terugzetten/", views.item_include, name="item-include"),
]
