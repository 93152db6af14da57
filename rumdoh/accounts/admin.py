"""The system administrator's console: agencies and users only, never personal data."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from rumdoh.accounts.models import Agency, AuditEvent, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "province", "can_identify", "is_active"]
    list_filter = ["kind", "province", "can_identify", "is_active"]
    search_fields = ["name", "name_km"]


@admin.register(User)
class RumdohUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "agency", "is_active"]
    list_filter = ["role", "agency__kind", "is_active"]
    search_fields = ["username", "first_name", "last_name", "agency__name"]
    fieldsets = (
        *UserAdmin.fieldsets,
        ("Rumdoh", {"fields": ("agency", "role")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        ("Rumdoh", {"fields": ("agency", "role")}),
    )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["at", "user", "agency", "action", "object_type", "object_id", "ip"]
    list_filter = ["action", "agency"]
    search_fields = ["action", "user__username"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
