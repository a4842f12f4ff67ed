"""The admin site for the functioneel beheerder: users, teams, providers; never client data."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class BeheerAdminSite(admin.AdminSite):
    site_header = "Functioneel beheer"
    site_title = "Functioneel beheer"
    index_title = "Gebruikers, teams en aanbieders"

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_authenticated and user.role == "beheerder"


class BeheerAdminConfig(AdminConfig):
    default_site = "reintegratie.admin.BeheerAdminSite"
