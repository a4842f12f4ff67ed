"""Admin for users, teams and providers. Client portal accounts are not shown: they are client data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from .models import Aanbieder, Role, Team, User

if admin.site.is_registered(Group):
    admin.site.unregister(Group)


class BeheerderOnly:
    """Every permission belongs to the functioneel beheerder; deleting is replaced by deactivating."""

    def _is_beheerder(self, request):
        return request.user.is_active and request.user.role == Role.BEHEERDER

    def has_module_permission(self, request):
        return self._is_beheerder(request)

    def has_view_permission(self, request, obj=None):
        return self._is_beheerder(request)

    def has_add_permission(self, request):
        return self._is_beheerder(request)

    def has_change_permission(self, request, obj=None):
        return self._is_beheerder(request)

    def has_delete_permission(self, request, obj=None):
        return False


class StaffRoleFilter(admin.SimpleListFilter):
    title = _("rol")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [c for c in Role.choices if c[0] != Role.CLIENT]

    def queryset(self, request, queryset):
        return queryset.filter(role=self.value()) if self.value() else queryset


@admin.register(User)
class UserAdmin(BeheerderOnly, DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "role", "team", "aanbieder", "is_active")
    list_filter = (StaffRoleFilter, "team", "aanbieder", "is_active")
    search_fields = ("username", "first_name", "last_name", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "phone", "reachable")}),
        (_("Rol"), {"fields": ("role", "team", "aanbieder", "is_active", "is_staff")}),
        (_("Datums"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "role",
                    "team",
                    "aanbieder",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")

    def get_queryset(self, request):
        # Portal accounts belong to clients; the beheerder sees no client data.
        return super().get_queryset(request).exclude(role=Role.CLIENT).select_related("team", "aanbieder")

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "role":
            kwargs["choices"] = [c for c in Role.choices if c[0] != Role.CLIENT]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


@admin.register(Team)
class TeamAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("name",)
    search_fields = ("name",)


@admin.register(Aanbieder)
class AanbiederAdmin(BeheerderOnly, admin.ModelAdmin):
    list_display = ("name", "kvk_number", "email", "phone", "active")
    list_filter = ("active",)
    search_fields = ("name",)
