"""Admin for users, teams and providers. Client portal accounts are not shown: they are client data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Aanbieder, Role, Team, User
from .services import account_unlock, second_factor_reset

# Groups are not used (one role per user); TOTP devices are managed through
# the user actions below, not edited by hand.
for model in (Group, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


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
    actions = ["unlock_accounts", "reset_second_factor"]

    @admin.action(description=_("Ontgrendel de gekozen accounts (na te veel foute wachtwoorden)"))
    def unlock_accounts(self, request, queryset):
        for user in queryset:
            account_unlock(by=request.user, user=user)
        count = queryset.count()
        self.message_user(
            request, ngettext("%(n)s account ontgrendeld.", "%(n)s accounts ontgrendeld.", count) % {"n": count}
        )

    @admin.action(description=_("Stel tweestapsverificatie opnieuw in (bijvoorbeeld bij een nieuwe telefoon)"))
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor_reset(by=request.user, user=user)
        count = queryset.count()
        self.message_user(
            request,
            ngettext(
                "Bij de volgende keer inloggen stelt %(n)s gebruiker een nieuwe app in.",
                "Bij de volgende keer inloggen stellen %(n)s gebruikers een nieuwe app in.",
                count,
            )
            % {"n": count},
        )

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
