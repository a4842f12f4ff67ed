"""The beheerder keeps the vacancies list tidy and hands out the werkgeversdienstverlener task.

The task is the ``vacatures.manage_vacature`` permission on the user (groups
are not used in this project: one role per user).
"""

from django.contrib import admin
from django.contrib.auth.models import Permission
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from reintegratie.accounts.admin import BeheerderOnly
from reintegratie.accounts.models import Role

from .models import Vacature, Werkgeversdienstverlener


def manage_permission():
    return Permission.objects.get(content_type__app_label="vacatures", codename="manage_vacature")


@admin.register(Vacature)
class VacatureAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("employer_name", "beroep", "location", "places", "closes_on", "status")
    list_filter = ("status", "beroep")
    search_fields = ("employer_name", "title", "location")
    readonly_fields = ("created_by",)


@admin.register(Werkgeversdienstverlener)
class WerkgeversdienstverlenerAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "has_task")
    list_filter = ("role", "team")
    search_fields = ("username", "first_name", "last_name")
    fields = ("username", "first_name", "last_name", "role", "team")
    readonly_fields = fields
    actions = ["give_task", "take_task"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(role__in=[Role.WERKCOACH, Role.TEAMLEIDER], is_active=True)
            .select_related("team")
            .prefetch_related("user_permissions")
        )

    def has_add_permission(self, request):
        return False

    @admin.display(boolean=True, description=_("werkgeversdienstverlener"))
    def has_task(self, obj):
        return any(p.codename == "manage_vacature" for p in obj.user_permissions.all())

    @admin.action(description=_("Maak de gekozen medewerkers werkgeversdienstverlener"))
    def give_task(self, request, queryset):
        permission = manage_permission()
        for user in queryset:
            user.user_permissions.add(permission)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "%(n)s medewerker kan nu vacatures vastleggen.",
                "%(n)s medewerkers kunnen nu vacatures vastleggen.",
                count,
            )
            % {"n": count},
        )

    @admin.action(description=_("Neem de taak werkgeversdienstverlener af"))
    def take_task(self, request, queryset):
        permission = manage_permission()
        for user in queryset:
            user.user_permissions.remove(permission)
        self.message_user(
            request,
            ngettext(
                "%(n)s medewerker kan geen vacatures meer vastleggen.",
                "%(n)s medewerkers kunnen geen vacatures meer vastleggen.",
                queryset.count(),
            )
            % {"n": queryset.count()},
        )
