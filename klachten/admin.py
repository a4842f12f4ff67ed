from django.contrib import admin

from reintegratie.accounts.admin import BeheerderOnly

from .models import GelijkgesteldeDag, SanctieRegel


@admin.register(SanctieRegel)
class SanctieRegelAdmin(BeheerderOnly, admin.ModelAdmin):
    """The afstemmingsverordening as data: a change of the verordening is a new row with a new start date."""

    list_display = ("name", "code", "percentage", "duration_months", "warning_first", "valid_from", "valid_until")
    list_filter = ("gemeente", "warning_first", "recidive_effect")
    search_fields = ("name", "code")


@admin.register(GelijkgesteldeDag)
class GelijkgesteldeDagAdmin(BeheerderOnly, admin.ModelAdmin):
    """Days made equal to a public holiday by decree (Atw art. 3 lid 3); every term counts them."""

    list_display = ("day", "valid_from", "source")
    search_fields = ("source",)
    date_hierarchy = "day"
