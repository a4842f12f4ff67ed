"""The occupation list is kept by the functioneel beheerder."""

from django.contrib import admin

from reintegratie.accounts.admin import BeheerderOnly

from .models import Beroep


@admin.register(Beroep)
class BeroepAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("name", "active")
    list_filter = ("active",)
    search_fields = ("name",)
