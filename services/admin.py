from django.contrib import admin

from .models import FollowUp, ServiceItem, ServiceRequest

# The working-day calendar is kept on its own page (/work/calendar/), not here: a change there recounts
# the open requests' deadlines and moves the version every worker reads.


@admin.register(ServiceItem)
class ServiceItemAdmin(admin.ModelAdmin):
    list_display = ["name", "community", "time_limit_days", "home_visit", "is_active", "order"]
    list_filter = ["community", "is_active", "home_visit"]
    search_fields = ["name"]


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
