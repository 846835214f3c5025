from django.contrib import admin

from .models import ApiClient, FollowUp, ServiceAttribute, ServiceItem, ServiceRequest

# The working-day calendar is kept on its own page (/work/calendar/), not here: a change there recounts
# the open requests' deadlines and moves the version every worker reads.


class ServiceAttributeInline(admin.TabularInline):
    """The extra questions an item asks through Open311."""

    model = ServiceAttribute
    extra = 0


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "time_limit_days", "home_visit", "is_active", "public", "order"]
    list_filter = ["community", "is_active", "home_visit", "public"]
    search_fields = ["name"]
    inlines = [ServiceAttributeInline]


@admin.register(ServiceRequest)
class ServiceRequestAdmin(admin.ModelAdmin):
    list_display = ["reference", "community", "kind", "item", "status", "due_date", "assignee"]
    list_filter = ["community", "status", "kind", "channel"]
    search_fields = ["reference"]
    raw_id_fields = ["applicant", "assignee", "submitted_by", "item"]
    list_select_related = ["community", "item", "assignee"]


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ["request", "owner", "due_date", "status"]
    list_filter = ["status"]
    raw_id_fields = ["request", "rating", "owner"]


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    """Keys are issued in the portal or with `manage.py open311_key`; here they can only be read or revoked."""

    list_display = ["name", "community", "key_hint", "created_at", "revoked_at"]
    list_filter = ["community"]
    readonly_fields = ["community", "name", "key_hint", "created_by", "created_at"]
    fields = ["community", "name", "key_hint", "created_by", "created_at", "revoked_at"]

    def has_add_permission(self, request) -> bool:
        return False
