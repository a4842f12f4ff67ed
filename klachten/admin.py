from django.contrib import admin

from reintegratie.accounts.admin import BeheerderOnly

from .models import SanctieRegel


@admin.register(SanctieRegel)
class SanctieRegelAdmin(BeheerderOnly, admin.ModelAdmin):
    """The afstemmingsverordening as data: a change of the verordening is a new row with a new start date."""

    list_display = ("name", "code", "percentage", "duration_months", "warning_first", "valid_from", "valid_until")
    list_filter = ("gemeente", "warning_first", "recidive_effect")
    search_fields = ("name", "code")
