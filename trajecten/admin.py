"""The instrumentenhuis is kept by the functioneel beheerder."""

from django.contrib import admin

from reintegratie.accounts.admin import BeheerderOnly

from .models import Instrument


@admin.register(Instrument)
class InstrumentAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("name", "category", "aanbieder", "max_weeks", "hours_per_week", "cost", "capacity", "active")
    list_filter = ("category", "aanbieder", "active")
    search_fields = ("name", "description", "target_groups")
