from django.contrib import admin

from .models import CalendarDay, FollowUp, ServiceItem, ServiceRequest


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "is_workday", "note"]
    list_filter = ["is_workday"]
    date_hierarchy = "day"


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
