from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditLog, Community, Notification, User


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "subdistrict", "district", "phone"]
    search_fields = ["name", "code"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["real_name"]
    list_display = ["real_name", "phone", "community", "is_verified", "is_active", "is_staff"]
    list_filter = ["community", "is_verified", "is_active", "is_staff", "groups"]
    search_fields = ["real_name", "phone"]
    fieldsets = [
        (None, {"fields": ["phone", "password"]}),
        (_("Person"), {"fields": ["real_name", "email", "community", "is_verified"]}),
        (_("Permissions"), {"fields": ["is_active", "is_staff", "is_superuser", "groups"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["phone", "real_name", "community", "password1", "password2"]})
    ]


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "content_type", "object_repr", "ip"]
    list_filter = ["action", "community", "content_type"]
    search_fields = ["object_repr", "actor__real_name"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Entries are removed only by prune_audit, which keeps at least 180 days.
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "title", "read_at"]
    search_fields = ["title", "recipient__real_name"]
